-- CreateIndex
CREATE INDEX "usage_event_customer_id_seq_idx" ON "usage_event"("customer_id", "seq");
