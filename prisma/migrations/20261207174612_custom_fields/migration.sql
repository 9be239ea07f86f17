-- CreateEnum
CREATE TYPE "CustomFieldEntity" AS ENUM ('customer', 'contract', 'contract_product', 'rate_card', 'billable_metric', 'commit', 'contract_credit', 'credit_grant', 'scheduled_charge', 'discount');

-- AlterTable
ALTER TABLE "product" ADD COLUMN     "custom_fields" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "custom_field_key" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "entity" "CustomFieldEntity" NOT NULL,
    "key" TEXT NOT NULL,
    "enforce_uniqueness" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "custom_field_key_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "custom_field_key_entity_key_key" ON "custom_field_key"("entity", "key");

-- CreateIndex
CREATE INDEX "commit_custom_fields_idx" ON "commit" USING GIN ("custom_fields");

-- CreateIndex
CREATE INDEX "contract_custom_fields_idx" ON "contract" USING GIN ("custom_fields");

-- CreateIndex
CREATE INDEX "customer_custom_fields_idx" ON "customer" USING GIN ("custom_fields");

-- CreateIndex
CREATE INDEX "scheduled_charge_custom_fields_idx" ON "scheduled_charge" USING GIN ("custom_fields");

-- Custom fields price nothing: a write of a catalog row's custom_fields alone does not ask the
-- billing-state job to reprice every customer the row prices (request_billing_refresh,
-- 20261202220950). Inserts and deletes, and any other change, still do.
DROP TRIGGER "rate_card_requests_billing_refresh" ON "rate_card";
CREATE TRIGGER "rate_card_requests_billing_refresh" AFTER INSERT OR DELETE ON "rate_card" FOR EACH ROW EXECUTE FUNCTION "request_billing_refresh"('rate_card', 'id');
CREATE TRIGGER "rate_card_update_requests_billing_refresh" AFTER UPDATE ON "rate_card" FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'custom_fields') IS DISTINCT FROM (to_jsonb(NEW) - 'custom_fields')) EXECUTE FUNCTION "request_billing_refresh"('rate_card', 'id');
DROP TRIGGER "product_requests_billing_refresh" ON "product";
CREATE TRIGGER "product_requests_billing_refresh" AFTER DELETE ON "product" FOR EACH ROW EXECUTE FUNCTION "request_billing_refresh"('product', 'id');
CREATE TRIGGER "product_update_requests_billing_refresh" AFTER UPDATE ON "product" FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'custom_fields') IS DISTINCT FROM (to_jsonb(NEW) - 'custom_fields')) EXECUTE FUNCTION "request_billing_refresh"('product', 'id');
DROP TRIGGER "billable_metric_requests_billing_refresh" ON "billable_metric";
CREATE TRIGGER "billable_metric_requests_billing_refresh" AFTER DELETE ON "billable_metric" FOR EACH ROW EXECUTE FUNCTION "request_billing_refresh"('metric', 'id');
CREATE TRIGGER "billable_metric_update_requests_billing_refresh" AFTER UPDATE ON "billable_metric" FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'custom_fields') IS DISTINCT FROM (to_jsonb(NEW) - 'custom_fields')) EXECUTE FUNCTION "request_billing_refresh"('metric', 'id');
