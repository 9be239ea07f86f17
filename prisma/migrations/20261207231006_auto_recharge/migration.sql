-- CreateTable
CREATE TABLE "prepaid_balance_threshold" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "is_enabled" BOOLEAN NOT NULL,
    "threshold_amount" DECIMAL(65,30) NOT NULL,
    "recharge_to_amount" DECIMAL(65,30) NOT NULL,
    "credit_type_id" UUID NOT NULL,
    "payment_gate_config" JSONB NOT NULL,
    "payment_fraction" DECIMAL(65,30),
    "product_id" UUID NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "priority" DECIMAL(65,30),
    "applicable_product_ids" TEXT[],
    "applicable_product_tags" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prepaid_balance_threshold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auto_recharge" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "commit_id" UUID NOT NULL,
    "invoice_id" UUID,
    "balance_before" DECIMAL(65,30) NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auto_recharge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "prepaid_balance_threshold_contract_id_key" ON "prepaid_balance_threshold"("contract_id");

-- CreateIndex
CREATE INDEX "prepaid_balance_threshold_customer_id_idx" ON "prepaid_balance_threshold"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "auto_recharge_commit_id_key" ON "auto_recharge"("commit_id");

-- CreateIndex
CREATE INDEX "auto_recharge_customer_id_idx" ON "auto_recharge"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "auto_recharge_contract_id_sequence_key" ON "auto_recharge"("contract_id", "sequence");
