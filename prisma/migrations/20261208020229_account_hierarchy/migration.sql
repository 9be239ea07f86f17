-- AlterTable
ALTER TABLE "contract" ADD COLUMN     "hierarchy_payer" TEXT,
ADD COLUMN     "invoice_consolidation_type" TEXT,
ADD COLUMN     "parent_contract_id" UUID,
ADD COLUMN     "parent_customer_id" UUID,
ADD COLUMN     "usage_statement_behavior" TEXT;

-- CreateIndex
CREATE INDEX "contract_parent_contract_id_idx" ON "contract"("parent_contract_id");

-- A child contract billed on its parent's invoice (payer PARENT) changes the parent's draft: a
-- write to a contract queues its customer and, for a child, its parent's customer (the event
-- pass does the same for a child's events: lib/services/billing-state/track-events.ts).
CREATE FUNCTION "contract_rows_queue_billing_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "billing_refresh_queue" ("customer_id")
    SELECT "customer_id" FROM "changed_rows"
    UNION SELECT "parent_customer_id" FROM "changed_rows" WHERE "parent_customer_id" IS NOT NULL
    ORDER BY 1
    ON CONFLICT ("customer_id") DO UPDATE SET "gen" = "billing_refresh_queue"."gen" + 1;
  RETURN NULL;
END;
$$;
DROP TRIGGER "contract_insert_queues_billing_refresh" ON "contract";
DROP TRIGGER "contract_update_queues_billing_refresh" ON "contract";
DROP TRIGGER "contract_delete_queues_billing_refresh" ON "contract";
CREATE TRIGGER "contract_insert_queues_billing_refresh" AFTER INSERT ON "contract" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "contract_rows_queue_billing_refresh"();
CREATE TRIGGER "contract_update_queues_billing_refresh" AFTER UPDATE ON "contract" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "contract_rows_queue_billing_refresh"();
CREATE TRIGGER "contract_delete_queues_billing_refresh" AFTER DELETE ON "contract" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "contract_rows_queue_billing_refresh"();

-- A contract's hierarchy is part of its terms as cached by catalog version (catalog-cache.ts).
CREATE TRIGGER "contract_hierarchy_bumps_catalog" AFTER UPDATE OF parent_contract_id, parent_customer_id, hierarchy_payer, usage_statement_behavior, invoice_consolidation_type ON "contract" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
