-- CreateTable
CREATE TABLE "billing_refresh_queue" (
    "customer_id" UUID NOT NULL,
    "gen" BIGINT NOT NULL DEFAULT 1,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_refresh_queue_pkey" PRIMARY KEY ("customer_id")
);

-- CreateTable
CREATE TABLE "billing_refresh_request" (
    "id" BIGSERIAL NOT NULL,
    "rate_card_id" UUID,
    "product_id" UUID,
    "metric_id" UUID,
    "all_customers" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_refresh_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_billing_state" (
    "customer_id" UUID NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3),
    "refresh_at" TIMESTAMPTZ(3),
    "pricing_error" TEXT,
    "contribution" JSONB NOT NULL DEFAULT '[]',
    "fiat_charges" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "fiat_remaining" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "last_event_at" TIMESTAMPTZ(3),

    CONSTRAINT "customer_billing_state_pkey" PRIMARY KEY ("customer_id")
);

-- CreateTable
CREATE TABLE "stored_draft" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "type" "InvoiceType" NOT NULL,
    "credit_type_id" UUID NOT NULL,
    "start_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "end_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "total" DECIMAL(65,30) NOT NULL,
    "line_count" INTEGER NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stored_draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_period_spend" (
    "customer_id" UUID NOT NULL,
    "credit_type_id" UUID NOT NULL,
    "charges" DECIMAL(65,30) NOT NULL,
    "applied" DECIMAL(65,30) NOT NULL,
    "total" DECIMAL(65,30) NOT NULL,

    CONSTRAINT "customer_period_spend_pkey" PRIMARY KEY ("customer_id","credit_type_id")
);

-- CreateTable
CREATE TABLE "stored_balance" (
    "commit_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "BalanceKind" NOT NULL,
    "type" "CommitType",
    "contract_id" UUID,
    "credit_type_id" UUID NOT NULL,
    "granted" DECIMAL(65,30) NOT NULL,
    "used" DECIMAL(65,30) NOT NULL,
    "remaining" DECIMAL(65,30) NOT NULL,
    "remaining_share" DECIMAL(65,30),
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "stored_balance_pkey" PRIMARY KEY ("commit_id")
);

-- CreateTable
CREATE TABLE "revenue_summary" (
    "credit_type_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "charges" DECIMAL(65,30) NOT NULL,
    "applied" DECIMAL(65,30) NOT NULL,
    "total" DECIMAL(65,30) NOT NULL,
    "customers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "revenue_summary_pkey" PRIMARY KEY ("credit_type_id","key")
);

-- CreateTable
CREATE TABLE "event_minute_count" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "event_minute_count_pkey" PRIMARY KEY ("minute")
);

-- CreateTable
CREATE TABLE "customer_event_hour" (
    "customer_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "customer_event_hour_pkey" PRIMARY KEY ("customer_id","hour")
);

-- CreateTable
CREATE TABLE "usage_metric_total" (
    "metric_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "value" DECIMAL(65,30) NOT NULL,

    CONSTRAINT "usage_metric_total_pkey" PRIMARY KEY ("metric_id","hour")
);

-- CreateTable
CREATE TABLE "job_cursor" (
    "name" TEXT NOT NULL,
    "position" BIGINT NOT NULL DEFAULT 0,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "job_cursor_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "customer_billing_state_fiat_charges_customer_id_idx" ON "customer_billing_state"("fiat_charges" DESC, "customer_id" DESC);

-- CreateIndex
CREATE INDEX "customer_billing_state_fiat_remaining_customer_id_idx" ON "customer_billing_state"("fiat_remaining" DESC, "customer_id" DESC);

-- CreateIndex
CREATE INDEX "customer_billing_state_refresh_at_idx" ON "customer_billing_state"("refresh_at");

-- CreateIndex
CREATE INDEX "stored_draft_customer_id_idx" ON "stored_draft"("customer_id");

-- CreateIndex
CREATE INDEX "stored_draft_end_timestamp_id_idx" ON "stored_draft"("end_timestamp" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "customer_period_spend_credit_type_id_charges_idx" ON "customer_period_spend"("credit_type_id", "charges" DESC);

-- CreateIndex
CREATE INDEX "stored_balance_customer_id_idx" ON "stored_balance"("customer_id");

-- CreateIndex
CREATE INDEX "stored_balance_remaining_share_idx" ON "stored_balance"("remaining_share");

-- CreateIndex
CREATE INDEX "customer_event_hour_hour_idx" ON "customer_event_hour"("hour");

-- AddForeignKey
ALTER TABLE "customer_billing_state" ADD CONSTRAINT "customer_billing_state_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "billing_refresh_queue_queued_at_idx" ON "billing_refresh_queue"("queued_at");

-- CreateIndex
CREATE INDEX "invoice_end_timestamp_id_idx" ON "invoice"("end_timestamp" DESC, "id" DESC);

-- Keeping the stored billing state (schema.prisma, "Stored billing state").

-- Every audited change that names a customer (contracts and their terms, commits, credits and
-- ledger entries, invoices finalized or voided, aliases, archiving) queues that customer, in the
-- writing transaction. Customers are queued in id order, as the refresh locks them, so the two
-- never deadlock.
CREATE FUNCTION "audit_queues_billing_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "billing_refresh_queue" ("customer_id")
    SELECT DISTINCT "customer_id" FROM "new_audit_rows" WHERE "customer_id" IS NOT NULL ORDER BY 1
    ON CONFLICT ("customer_id") DO UPDATE SET "gen" = "billing_refresh_queue"."gen" + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "audit_queues_billing_refresh" AFTER INSERT ON "audit_log_entry"
  REFERENCING NEW TABLE AS "new_audit_rows" FOR EACH STATEMENT EXECUTE FUNCTION "audit_queues_billing_refresh"();

-- The same for writes to a customer's billing rows that no audit entry names (the close moving a
-- contract's next period, its ledger entries, rows written by tools): they queue their customers too.
CREATE FUNCTION "rows_queue_billing_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "billing_refresh_queue" ("customer_id")
    SELECT DISTINCT "customer_id" FROM "changed_rows" ORDER BY 1
    ON CONFLICT ("customer_id") DO UPDATE SET "gen" = "billing_refresh_queue"."gen" + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "contract_insert_queues_billing_refresh" AFTER INSERT ON "contract" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "contract_update_queues_billing_refresh" AFTER UPDATE ON "contract" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "contract_delete_queues_billing_refresh" AFTER DELETE ON "contract" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "commit_insert_queues_billing_refresh" AFTER INSERT ON "commit" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "commit_update_queues_billing_refresh" AFTER UPDATE ON "commit" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "commit_delete_queues_billing_refresh" AFTER DELETE ON "commit" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "balance_segment_insert_queues_billing_refresh" AFTER INSERT ON "balance_segment" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "balance_segment_update_queues_billing_refresh" AFTER UPDATE ON "balance_segment" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "balance_segment_delete_queues_billing_refresh" AFTER DELETE ON "balance_segment" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "ledger_entry_insert_queues_billing_refresh" AFTER INSERT ON "ledger_entry" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "ledger_entry_update_queues_billing_refresh" AFTER UPDATE ON "ledger_entry" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "ledger_entry_delete_queues_billing_refresh" AFTER DELETE ON "ledger_entry" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "schedule_item_insert_queues_billing_refresh" AFTER INSERT ON "schedule_item" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "schedule_item_update_queues_billing_refresh" AFTER UPDATE ON "schedule_item" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();
CREATE TRIGGER "schedule_item_delete_queues_billing_refresh" AFTER DELETE ON "schedule_item" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rows_queue_billing_refresh"();

-- Catalog rows that price many customers at once: the job turns each request into the
-- customers on the rate cards it touches. TG_ARGV: what the row names (rate_card, product,
-- metric or all) and the column holding its id.
CREATE FUNCTION "request_billing_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ref uuid := CASE WHEN TG_ARGV[0] = 'all' THEN NULL
                   ELSE (to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> TG_ARGV[1])::uuid END;
BEGIN
  INSERT INTO "billing_refresh_request" ("rate_card_id", "product_id", "metric_id", "all_customers")
  VALUES (CASE WHEN TG_ARGV[0] = 'rate_card' THEN ref END, CASE WHEN TG_ARGV[0] = 'product' THEN ref END,
          CASE WHEN TG_ARGV[0] = 'metric' THEN ref END, TG_ARGV[0] = 'all');
  RETURN NULL;
END;
$$;
CREATE TRIGGER "rate_requests_billing_refresh" AFTER INSERT OR UPDATE OR DELETE ON "rate" FOR EACH ROW EXECUTE FUNCTION "request_billing_refresh"('rate_card', 'rate_card_id');
CREATE TRIGGER "rate_card_requests_billing_refresh" AFTER INSERT OR UPDATE OR DELETE ON "rate_card" FOR EACH ROW EXECUTE FUNCTION "request_billing_refresh"('rate_card', 'id');
CREATE TRIGGER "product_requests_billing_refresh" AFTER UPDATE OR DELETE ON "product" FOR EACH ROW EXECUTE FUNCTION "request_billing_refresh"('product', 'id');
CREATE TRIGGER "product_version_requests_billing_refresh" AFTER INSERT OR UPDATE OR DELETE ON "product_version" FOR EACH ROW EXECUTE FUNCTION "request_billing_refresh"('product', 'product_id');
CREATE TRIGGER "billable_metric_requests_billing_refresh" AFTER UPDATE OR DELETE ON "billable_metric" FOR EACH ROW EXECUTE FUNCTION "request_billing_refresh"('metric', 'id');
CREATE TRIGGER "credit_type_requests_billing_refresh" AFTER UPDATE OR DELETE ON "credit_type" FOR EACH STATEMENT EXECUTE FUNCTION "request_billing_refresh"('all', '');

-- A database that already has customers and events: every customer is priced once, the
-- counters start from the last two days of events and the rollups, and the event pass from here.
INSERT INTO "billing_refresh_queue" ("customer_id") SELECT "id" FROM "customer";
INSERT INTO "event_minute_count" ("minute", "count")
  SELECT date_trunc('minute', "timestamp", 'UTC'), count(*) FROM "usage_event" WHERE "timestamp" >= now() - interval '2 days' GROUP BY 1;
INSERT INTO "customer_event_hour" ("customer_id", "hour", "count")
  SELECT "customer_id", date_trunc('hour', "timestamp", 'UTC'), count(*) FROM "usage_event"
  WHERE "timestamp" >= now() - interval '2 days' AND "customer_id" IS NOT NULL GROUP BY 1, 2;
INSERT INTO "usage_metric_total" ("metric_id", "hour", "value")
  SELECT r."metric_id", r."hour", CASE WHEN m."aggregation_type" = 'MAX' THEN max(r."value") ELSE sum(r."value") END
  FROM "usage_rollup" r JOIN "billable_metric" m ON m."id" = r."metric_id"
  WHERE m."aggregation_type" IN ('COUNT', 'SUM', 'MAX') GROUP BY r."metric_id", r."hour", m."aggregation_type";
INSERT INTO "job_cursor" ("name", "position") VALUES ('billing-state events', coalesce((SELECT max("seq") FROM "usage_event"), 0));
