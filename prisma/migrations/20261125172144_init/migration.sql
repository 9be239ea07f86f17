-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('admin', 'pricing', 'sales', 'finance', 'viewer');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('user', 'api_key', 'system');

-- CreateEnum
CREATE TYPE "AggregationType" AS ENUM ('COUNT', 'SUM', 'MAX', 'UNIQUE', 'LATEST');

-- CreateEnum
CREATE TYPE "ProductType" AS ENUM ('USAGE', 'SUBSCRIPTION', 'FIXED', 'COMPOSITE');

-- CreateEnum
CREATE TYPE "RateType" AS ENUM ('FLAT', 'TIERED', 'VOLUME', 'PACKAGE', 'PERCENTAGE', 'SUBSCRIPTION', 'CUSTOM');

-- CreateEnum
CREATE TYPE "BillingFrequency" AS ENUM ('MONTHLY', 'QUARTERLY', 'ANNUAL', 'WEEKLY');

-- CreateEnum
CREATE TYPE "UsageStatementFrequency" AS ENUM ('MONTHLY', 'QUARTERLY', 'ANNUAL');

-- CreateEnum
CREATE TYPE "UsageStatementDay" AS ENUM ('CONTRACT_START', 'FIRST_OF_MONTH', 'CUSTOM_DATE');

-- CreateEnum
CREATE TYPE "OverridePrioritization" AS ENUM ('LOWEST_MULTIPLIER', 'EXPLICIT');

-- CreateEnum
CREATE TYPE "OverrideType" AS ENUM ('MULTIPLIER', 'OVERWRITE', 'TIERED');

-- CreateEnum
CREATE TYPE "BalanceKind" AS ENUM ('COMMIT', 'CREDIT');

-- CreateEnum
CREATE TYPE "CommitType" AS ENUM ('PREPAID', 'POSTPAID');

-- CreateEnum
CREATE TYPE "CollectionSchedule" AS ENUM ('ADVANCE', 'ARREARS');

-- CreateEnum
CREATE TYPE "ScheduledChargeKind" AS ENUM ('CHARGE', 'DISCOUNT');

-- CreateEnum
CREATE TYPE "LedgerEntryType" AS ENUM ('INVOICE_DEDUCTION', 'MANUAL', 'ROLLOVER', 'TRUEUP');

-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('DRAFT', 'FINALIZED', 'VOID');

-- CreateEnum
CREATE TYPE "InvoiceType" AS ENUM ('USAGE', 'SCHEDULED');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('ok', 'in_alarm', 'evaluating');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "user" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log_entry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "object_type" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "customer_id" UUID,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "job_lease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "customer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "external_id" TEXT,
    "custom_fields" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_alias" (
    "alias" TEXT NOT NULL,
    "customer_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_alias_pkey" PRIMARY KEY ("alias")
);

-- CreateTable
CREATE TABLE "usage_event" (
    "transaction_id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "customer_alias" TEXT NOT NULL,
    "customer_id" UUID,
    "event_type" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_event_pkey" PRIMARY KEY ("transaction_id")
);

-- CreateTable
CREATE TABLE "metering_catalog" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "rolled_seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "metering_catalog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billable_metric" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "event_type_filter" JSONB,
    "property_filters" JSONB NOT NULL DEFAULT '[]',
    "aggregation_type" "AggregationType" NOT NULL,
    "aggregation_key" TEXT,
    "group_keys" JSONB NOT NULL DEFAULT '[]',
    "custom_fields" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),
    "backfill_through_seq" BIGINT NOT NULL DEFAULT 0,
    "backfilled_seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "billable_metric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_rollup" (
    "customer_id" UUID NOT NULL,
    "metric_id" UUID NOT NULL,
    "group_values" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "value" DECIMAL(65,30) NOT NULL,
    "event_count" BIGINT NOT NULL,
    "latest_at" TIMESTAMPTZ(3),
    "latest_transaction_id" TEXT,

    CONSTRAINT "usage_rollup_pkey" PRIMARY KEY ("customer_id","metric_id","group_values","hour")
);

-- CreateTable
CREATE TABLE "usage_rollup_unique" (
    "customer_id" UUID NOT NULL,
    "metric_id" UUID NOT NULL,
    "group_values" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "usage_rollup_unique_pkey" PRIMARY KEY ("customer_id","metric_id","group_values","hour","value")
);

-- CreateTable
CREATE TABLE "credit_type" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "is_fiat" BOOLEAN NOT NULL,
    "precision" INTEGER NOT NULL,
    "fiat_credit_type_id" UUID,
    "fiat_conversion_rate" DECIMAL(65,30),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "credit_type_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "type" "ProductType" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_version" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "product_id" UUID NOT NULL,
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "name" TEXT NOT NULL,
    "billable_metric_id" UUID,
    "pricing_group_key" TEXT[],
    "presentation_group_key" TEXT[],
    "quantity_conversion" JSONB,
    "quantity_rounding" JSONB,
    "tags" TEXT[],
    "composite_product_ids" TEXT[],
    "composite_tags" TEXT[],
    "exclude_free_usage" BOOLEAN NOT NULL DEFAULT false,
    "is_refundable" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "product_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_card" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT,
    "fiat_credit_type_id" UUID NOT NULL,
    "credit_type_conversions" JSONB NOT NULL DEFAULT '[]',
    "aliases" JSONB NOT NULL DEFAULT '[]',
    "custom_fields" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "rate_card_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rate_card_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "ending_before" TIMESTAMPTZ(3),
    "entitled" BOOLEAN NOT NULL DEFAULT true,
    "rate_type" "RateType" NOT NULL,
    "credit_type_id" UUID NOT NULL,
    "price" DECIMAL(65,30),
    "tiers" JSONB,
    "package_size" DECIMAL(65,30),
    "package_rounding" TEXT,
    "fraction" DECIMAL(65,30),
    "minimum" DECIMAL(65,30),
    "maximum" DECIMAL(65,30),
    "use_list_prices" BOOLEAN,
    "quantity" DECIMAL(65,30),
    "is_prorated" BOOLEAN,
    "billing_frequency" "BillingFrequency",
    "pricing_group_values" JSONB,
    "commit_rate" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "rate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "rate_card_id" UUID,
    "name" TEXT,
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "ending_before" TIMESTAMPTZ(3),
    "usage_statement_frequency" "UsageStatementFrequency" NOT NULL DEFAULT 'MONTHLY',
    "usage_statement_day" "UsageStatementDay" NOT NULL DEFAULT 'CONTRACT_START',
    "billing_anchor_date" TIMESTAMPTZ(3),
    "multiplier_override_prioritization" "OverridePrioritization" NOT NULL DEFAULT 'LOWEST_MULTIPLIER',
    "net_payment_terms_days" INTEGER NOT NULL DEFAULT 0,
    "uniqueness_key" TEXT,
    "custom_fields" JSONB NOT NULL DEFAULT '{}',
    "next_period_start" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_override" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contract_id" UUID NOT NULL,
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "ending_before" TIMESTAMPTZ(3),
    "type" "OverrideType" NOT NULL,
    "product_id" UUID,
    "applicable_product_tags" TEXT[],
    "pricing_group_values" JSONB,
    "multiplier" DECIMAL(65,30),
    "overwrite_rate" JSONB,
    "tiers" JSONB,
    "priority" DECIMAL(65,30),
    "entitled" BOOLEAN,
    "is_commit_specific" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_override_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commit" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "contract_id" UUID,
    "kind" "BalanceKind" NOT NULL,
    "type" "CommitType",
    "name" TEXT,
    "description" TEXT,
    "product_id" UUID,
    "credit_type_id" UUID NOT NULL,
    "applicable_product_ids" TEXT[],
    "applicable_product_tags" TEXT[],
    "priority" DECIMAL(65,30),
    "rollover_fraction" DECIMAL(65,30),
    "rolled_over_from_id" UUID,
    "salesforce_opportunity_id" TEXT,
    "custom_fields" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "commit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "balance_segment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "commit_id" UUID NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "ending_before" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "balance_segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "commit_id" UUID,
    "scheduled_charge_id" UUID,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "quantity" DECIMAL(65,30) NOT NULL DEFAULT 1,
    "unit_price" DECIMAL(65,30) NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "invoice_id" UUID,

    CONSTRAINT "schedule_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contract_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "name" TEXT,
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "ending_before" TIMESTAMPTZ(3),
    "collection_schedule" "CollectionSchedule" NOT NULL,
    "is_prorated" BOOLEAN NOT NULL DEFAULT true,
    "billing_frequency" "BillingFrequency" NOT NULL DEFAULT 'MONTHLY',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_quantity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_id" UUID NOT NULL,
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "quantity" DECIMAL(65,30) NOT NULL,

    CONSTRAINT "subscription_quantity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_charge" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contract_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "kind" "ScheduledChargeKind" NOT NULL DEFAULT 'CHARGE',
    "name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scheduled_charge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "percentage_discount" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contract_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "fraction" DECIMAL(65,30) NOT NULL,
    "applicable_product_ids" TEXT[],
    "applicable_product_tags" TEXT[],
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "ending_before" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "percentage_discount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_edit" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contract_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "actor_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_edit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "commit_id" UUID NOT NULL,
    "segment_id" UUID NOT NULL,
    "invoice_id" UUID,
    "type" "LedgerEntryType" NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT,
    "unique_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "contract_id" UUID,
    "type" "InvoiceType" NOT NULL,
    "status" "InvoiceStatus" NOT NULL,
    "credit_type_id" UUID NOT NULL,
    "start_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "end_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "issued_at" TIMESTAMPTZ(3),
    "subtotal" DECIMAL(65,30) NOT NULL,
    "total" DECIMAL(65,30) NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "regenerated_from_id" UUID,
    "voided_at" TIMESTAMPTZ(3),
    "finalized_at" TIMESTAMPTZ(3),
    "external_invoices" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_line_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "invoice_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "product_id" UUID,
    "commit_id" UUID,
    "credit_type_id" UUID NOT NULL,
    "quantity" DECIMAL(65,30),
    "unit_price" DECIMAL(65,30),
    "total" DECIMAL(65,30) NOT NULL,
    "starting_at" TIMESTAMPTZ(3),
    "ending_before" TIMESTAMPTZ(3),
    "pricing_group_values" JSONB,
    "presentation_group_values" JSONB,
    "detail" JSONB,

    CONSTRAINT "invoice_line_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_provider" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "threshold" DECIMAL(65,30) NOT NULL,
    "credit_type_id" UUID,
    "billable_metric_id" UUID,
    "customer_id" UUID,
    "group_values" JSONB,
    "uniqueness_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_alert_state" (
    "customer_id" UUID NOT NULL,
    "alert_id" UUID NOT NULL,
    "status" "AlertStatus" NOT NULL,
    "last_value" DECIMAL(65,30),
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_alert_state_pkey" PRIMARY KEY ("customer_id","alert_id")
);

-- CreateTable
CREATE TABLE "webhook_endpoint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "event_types" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "endpoint_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_status" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_secret_hash_key" ON "api_key"("secret_hash");

-- CreateIndex
CREATE INDEX "audit_log_entry_created_at_idx" ON "audit_log_entry"("created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_entry_object_type_object_id_idx" ON "audit_log_entry"("object_type", "object_id");

-- CreateIndex
CREATE INDEX "audit_log_entry_customer_id_created_at_idx" ON "audit_log_entry"("customer_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "customer_external_id_key" ON "customer"("external_id");

-- CreateIndex
CREATE INDEX "customer_created_at_id_idx" ON "customer"("created_at", "id");

-- CreateIndex
CREATE INDEX "customer_alias_customer_id_idx" ON "customer_alias"("customer_id");

-- CreateIndex
CREATE INDEX "usage_event_customer_id_timestamp_idx" ON "usage_event"("customer_id", "timestamp");

-- CreateIndex
CREATE INDEX "usage_event_seq_idx" ON "usage_event"("seq");

-- CreateIndex
CREATE INDEX "usage_rollup_metric_id_hour_idx" ON "usage_rollup"("metric_id", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "credit_type_name_key" ON "credit_type"("name");

-- CreateIndex
CREATE UNIQUE INDEX "product_version_product_id_starting_at_key" ON "product_version"("product_id", "starting_at");

-- CreateIndex
CREATE INDEX "rate_rate_card_id_product_id_starting_at_idx" ON "rate"("rate_card_id", "product_id", "starting_at");

-- CreateIndex
CREATE UNIQUE INDEX "contract_uniqueness_key_key" ON "contract"("uniqueness_key");

-- CreateIndex
CREATE INDEX "contract_customer_id_starting_at_idx" ON "contract"("customer_id", "starting_at");

-- CreateIndex
CREATE INDEX "commit_customer_id_idx" ON "commit"("customer_id");

-- CreateIndex
CREATE INDEX "commit_contract_id_idx" ON "commit"("contract_id");

-- CreateIndex
CREATE INDEX "balance_segment_customer_id_commit_id_idx" ON "balance_segment"("customer_id", "commit_id");

-- CreateIndex
CREATE INDEX "schedule_item_customer_id_timestamp_idx" ON "schedule_item"("customer_id", "timestamp");

-- CreateIndex
CREATE INDEX "subscription_customer_id_idx" ON "subscription"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_quantity_subscription_id_starting_at_key" ON "subscription_quantity"("subscription_id", "starting_at");

-- CreateIndex
CREATE INDEX "contract_edit_contract_id_created_at_idx" ON "contract_edit"("contract_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entry_unique_key_key" ON "ledger_entry"("unique_key");

-- CreateIndex
CREATE INDEX "ledger_entry_customer_id_commit_id_timestamp_idx" ON "ledger_entry"("customer_id", "commit_id", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_idempotency_key_key" ON "invoice"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_regenerated_from_id_key" ON "invoice"("regenerated_from_id");

-- CreateIndex
CREATE INDEX "invoice_customer_id_start_timestamp_idx" ON "invoice"("customer_id", "start_timestamp");

-- CreateIndex
CREATE INDEX "invoice_status_end_timestamp_idx" ON "invoice"("status", "end_timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_line_item_invoice_id_position_key" ON "invoice_line_item"("invoice_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "billing_provider_customer_id_provider_key" ON "billing_provider"("customer_id", "provider");

-- CreateIndex
CREATE UNIQUE INDEX "alert_uniqueness_key_key" ON "alert"("uniqueness_key");

-- CreateIndex
CREATE INDEX "outbox_event_dispatched_at_created_at_idx" ON "outbox_event"("dispatched_at", "created_at");

-- CreateIndex
CREATE INDEX "webhook_delivery_status_next_attempt_at_idx" ON "webhook_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_endpoint_id_event_id_key" ON "webhook_delivery"("endpoint_id", "event_id");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_alias" ADD CONSTRAINT "customer_alias_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_version" ADD CONSTRAINT "product_version_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_version" ADD CONSTRAINT "product_version_billable_metric_id_fkey" FOREIGN KEY ("billable_metric_id") REFERENCES "billable_metric"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate" ADD CONSTRAINT "rate_rate_card_id_fkey" FOREIGN KEY ("rate_card_id") REFERENCES "rate_card"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate" ADD CONSTRAINT "rate_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_rate_card_id_fkey" FOREIGN KEY ("rate_card_id") REFERENCES "rate_card"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_override" ADD CONSTRAINT "contract_override_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commit" ADD CONSTRAINT "commit_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commit" ADD CONSTRAINT "commit_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "balance_segment" ADD CONSTRAINT "balance_segment_commit_id_fkey" FOREIGN KEY ("commit_id") REFERENCES "commit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_item" ADD CONSTRAINT "schedule_item_commit_id_fkey" FOREIGN KEY ("commit_id") REFERENCES "commit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_item" ADD CONSTRAINT "schedule_item_scheduled_charge_id_fkey" FOREIGN KEY ("scheduled_charge_id") REFERENCES "scheduled_charge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_quantity" ADD CONSTRAINT "subscription_quantity_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scheduled_charge" ADD CONSTRAINT "scheduled_charge_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "percentage_discount" ADD CONSTRAINT "percentage_discount_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_edit" ADD CONSTRAINT "contract_edit_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_commit_id_fkey" FOREIGN KEY ("commit_id") REFERENCES "commit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_line_item" ADD CONSTRAINT "invoice_line_item_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_provider" ADD CONSTRAINT "billing_provider_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_billable_metric_id_fkey" FOREIGN KEY ("billable_metric_id") REFERENCES "billable_metric"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_alert_state" ADD CONSTRAINT "customer_alert_state_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outbox_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
