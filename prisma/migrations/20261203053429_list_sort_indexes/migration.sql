-- CreateIndex
CREATE INDEX "contract_created_at_id_idx" ON "contract"("created_at", "id");

-- CreateIndex
CREATE INDEX "customer_name_id_idx" ON "customer"("name", "id");
