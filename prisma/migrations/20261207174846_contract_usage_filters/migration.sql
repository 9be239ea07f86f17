-- CreateTable
CREATE TABLE "contract_usage_filter" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "group_key" TEXT NOT NULL,
    "group_values" TEXT[],
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "edit_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_usage_filter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contract_usage_filter_contract_id_starting_at_key" ON "contract_usage_filter"("contract_id", "starting_at");

-- AddForeignKey
ALTER TABLE "contract_usage_filter" ADD CONSTRAINT "contract_usage_filter_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A usage filter is a contract term (the billing catalog version, 20261125210028).
CREATE TRIGGER "contract_usage_filter_bumps_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "contract_usage_filter" FOR EACH STATEMENT EXECUTE FUNCTION "bump_billing_catalog_version"();
