-- AlterEnum
ALTER TYPE "InvoiceType" ADD VALUE 'THRESHOLD';

-- AlterTable
ALTER TABLE "commit" ADD COLUMN     "threshold_billing" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "contract_spend_threshold" (
    "contract_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "is_enabled" BOOLEAN NOT NULL,
    "threshold_amount" DECIMAL(65,30) NOT NULL,
    "payment_gate_type" TEXT NOT NULL DEFAULT 'NONE',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_spend_threshold_pkey" PRIMARY KEY ("contract_id")
);

-- CreateIndex
CREATE INDEX "contract_spend_threshold_customer_id_idx" ON "contract_spend_threshold"("customer_id");

-- AddForeignKey
ALTER TABLE "contract_spend_threshold" ADD CONSTRAINT "contract_spend_threshold_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A change of the threshold is a change of the customer's billing: refresh its stored state,
-- where a crossing is billed (20261202220950).
CREATE TRIGGER "contract_spend_threshold_insert_queues_billing_refresh" AFTER INSERT ON "contract_spend_threshold" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "contract_spend_threshold_update_queues_billing_refresh" AFTER UPDATE ON "contract_spend_threshold" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
