-- CreateTable
CREATE TABLE "professional_service" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "max_amount" DECIMAL(65,30) NOT NULL,
    "quantity" DECIMAL(65,30) NOT NULL,
    "unit_price" DECIMAL(65,30) NOT NULL,
    "description" TEXT,
    "edit_id" UUID,
    "position" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "professional_service_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "professional_service_contract_id_idx" ON "professional_service"("contract_id");

-- AddForeignKey
ALTER TABLE "professional_service" ADD CONSTRAINT "professional_service_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;
