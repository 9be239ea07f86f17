-- DropIndex
DROP INDEX "customer_period_spend_credit_type_id_charges_idx";

-- DropIndex
DROP INDEX "stored_balance_remaining_share_idx";

-- CreateIndex
CREATE INDEX "customer_billing_state_pricing_error_idx" ON "customer_billing_state"("pricing_error");

-- CreateIndex
CREATE INDEX "customer_period_spend_credit_type_id_charges_customer_id_idx" ON "customer_period_spend"("credit_type_id", "charges" DESC, "customer_id");

-- CreateIndex
CREATE INDEX "stored_balance_remaining_share_commit_id_idx" ON "stored_balance"("remaining_share", "commit_id");
