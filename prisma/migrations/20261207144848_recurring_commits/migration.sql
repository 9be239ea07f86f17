-- CreateEnum
CREATE TYPE "RecurringProration" AS ENUM ('NONE', 'FIRST', 'LAST', 'FIRST_AND_LAST');

-- CreateEnum
CREATE TYPE "RecurrenceFrequency" AS ENUM ('MONTHLY', 'QUARTERLY', 'ANNUAL', 'WEEKLY', 'DAILY');

-- AlterTable
ALTER TABLE "commit" ADD COLUMN     "recurrence_index" INTEGER,
ADD COLUMN     "recurring_commit_id" UUID;

-- CreateTable
CREATE TABLE "recurring_commit" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "kind" "BalanceKind" NOT NULL,
    "product_id" UUID NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "credit_type_id" UUID NOT NULL,
    "access_unit_price" DECIMAL(65,30) NOT NULL,
    "access_quantity" DECIMAL(65,30) NOT NULL,
    "invoice_credit_type_id" UUID,
    "invoice_unit_price" DECIMAL(65,30),
    "invoice_quantity" DECIMAL(65,30),
    "commit_duration" INTEGER NOT NULL,
    "priority" DECIMAL(65,30) NOT NULL,
    "applicable_product_ids" TEXT[],
    "applicable_product_tags" TEXT[],
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "ending_before" TIMESTAMPTZ(3),
    "proration" "RecurringProration" NOT NULL DEFAULT 'FIRST_AND_LAST',
    "recurrence_frequency" "RecurrenceFrequency",
    "rollover_fraction" DECIMAL(65,30),
    "proration_rounding" JSONB,
    "edit_id" UUID,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "granted_until" TIMESTAMPTZ(3),
    "extend_at" TIMESTAMPTZ(3),

    CONSTRAINT "recurring_commit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recurring_commit_contract_id_idx" ON "recurring_commit"("contract_id");

-- CreateIndex
CREATE INDEX "recurring_commit_extend_at_idx" ON "recurring_commit"("extend_at");

-- CreateIndex
CREATE UNIQUE INDEX "commit_recurring_commit_id_recurrence_index_key" ON "commit"("recurring_commit_id", "recurrence_index");

-- AddForeignKey
ALTER TABLE "commit" ADD CONSTRAINT "commit_recurring_commit_id_fkey" FOREIGN KEY ("recurring_commit_id") REFERENCES "recurring_commit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recurring_commit" ADD CONSTRAINT "recurring_commit_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A recurring commit's terms are contract terms (the billing catalog version, 20261125210028);
-- how far it has granted (granted_until, extend_at) is not: the commits it grants bump it.
CREATE TRIGGER "recurring_commit_bumps_catalog" AFTER INSERT OR DELETE OR TRUNCATE ON "recurring_commit" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "recurring_commit_terms_bump_catalog" AFTER UPDATE OF id, customer_id, contract_id, kind, product_id, name, description, credit_type_id, access_unit_price, access_quantity, invoice_credit_type_id, invoice_unit_price, invoice_quantity, commit_duration, priority, applicable_product_ids, applicable_product_tags, starting_at, ending_before, proration, recurrence_frequency, rollover_fraction, proration_rounding, edit_id, position, created_at ON "recurring_commit" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
