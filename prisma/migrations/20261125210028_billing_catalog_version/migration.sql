-- CreateTable
CREATE TABLE "billing_catalog_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "billing_catalog_version_pkey" PRIMARY KEY ("id")
);

-- The catalog version (schema.prisma BillingCatalogVersion). A sequence, not version + 1: a
-- rolled-back transaction's version is never handed out again, so nothing cached under it (by a
-- reader inside that transaction) can be mistaken for committed rows.
INSERT INTO "billing_catalog_version" ("id", "version") VALUES (1, 0);
CREATE SEQUENCE "billing_catalog_version_seq";
CREATE FUNCTION "bump_billing_catalog_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "billing_catalog_version" SET "version" = nextval('billing_catalog_version_seq') WHERE "id" = 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "rate_card_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rate_card" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "rate_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rate" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "product_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "product" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "product_version_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "product_version" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "billable_metric_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "billable_metric" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "credit_type_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "credit_type" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "contract_override_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "contract_override" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "commit_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "commit" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "balance_segment_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "balance_segment" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "subscription_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "subscription" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "subscription_quantity_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "subscription_quantity" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "scheduled_charge_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "scheduled_charge" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "percentage_discount_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "percentage_discount" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
-- The close job moves next_period_start and bills schedule items (invoice_id): not terms.
CREATE TRIGGER "contract_bumps_catalog" AFTER INSERT OR DELETE OR TRUNCATE ON "contract" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "contract_terms_bump_catalog" AFTER UPDATE OF id, customer_id, rate_card_id, name, starting_at, ending_before, usage_statement_frequency, usage_statement_day, billing_anchor_date, multiplier_override_prioritization, net_payment_terms_days, uniqueness_key, custom_fields, created_at, created_by, archived_at ON "contract" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "schedule_item_bumps_catalog" AFTER INSERT OR DELETE OR TRUNCATE ON "schedule_item" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
CREATE TRIGGER "schedule_item_terms_bump_catalog" AFTER UPDATE OF id, customer_id, commit_id, scheduled_charge_id, timestamp, quantity, unit_price, amount ON "schedule_item" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
