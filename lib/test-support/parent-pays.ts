import type { ServiceContext } from "@/lib/services/context";
import { createContract } from "@/lib/services/contracts/create-contract";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { T0, type billingFixture } from "./billing-fixture";

type BillingFixture = Awaited<ReturnType<typeof billingFixture>>;

/**
 * An account hierarchy whose parent pays: Holding Co's contract on the fixture's card with a
 * 400¢ prepaid commit (priority 1, through 2026), and Subsidiary Co's contract under it, payer
 * PARENT, both from T0. Their ingest aliases are "holding-co" and "subsidiary-co".
 */
export async function parentPaysPair(ctx: ServiceContext, f: BillingFixture) {
  const parent = await createCustomer(ctx, { name: "Holding Co", ingest_aliases: ["holding-co"] });
  const parentContract = await createContract(ctx, {
    customer_id: parent.id,
    rate_card_id: f.card.id,
    starting_at: T0.toISOString(),
    commits: [{ type: "PREPAID", product_id: f.fixed.id, priority: 1, access_schedule: { credit_type_id: USD_CENTS.id, schedule_items: [{ amount: 400, starting_at: T0.toISOString(), ending_before: "2027-01-01T00:00:00Z" }] } }],
  });
  const child = await createCustomer(ctx, { name: "Subsidiary Co", ingest_aliases: ["subsidiary-co"] });
  const childContract = await createContract(ctx, { customer_id: child.id, rate_card_id: f.card.id, starting_at: T0.toISOString(), hierarchy_configuration: { parent: { contract_id: parentContract.id, customer_id: parent.id }, payer: "PARENT" } });
  return { parent, parentContract, child, childContract };
}
