import { expect } from "@playwright/test";
import { apiPost, expectAccessible, screenshot, signIn, test } from "./support";

// A seat-based subscription on the console's contract page: a contract created through the API
// with named seats, changed by a v2 edit, shows each seat segment (who holds a seat, how many are
// unassigned, the total billed); the change panel removes a seat id.

test("the contract page shows a seat-based subscription's seats over time", async ({ page, request }) => {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const day = (n: number) => new Date(monthStart.getTime() + n * 86_400_000).toISOString();
  const post = apiPost(request);
  const product = (await post("/v1/contract-pricing/products/create", { name: "Editor seats", type: "SUBSCRIPTION" })).data.id;
  const card = (await post("/v1/contract-pricing/rate-cards/create", { name: "Seats card" })).data.id;
  await post("/v1/contract-pricing/rate-cards/addRate", { rate_card_id: card, product_id: product, entitled: true, rate_type: "SUBSCRIPTION", price: 2000, billing_frequency: "MONTHLY", starting_at: monthStart.toISOString() });
  const customer = (await post("/v1/customers", { name: "Seats Co" })).data.id;
  const contract = (
    await post("/v1/contracts/create", {
      customer_id: customer,
      rate_card_id: card,
      name: "Seats",
      starting_at: monthStart.toISOString(),
      subscriptions: [
        {
          collection_schedule: "ADVANCE",
          proration: { is_prorated: true },
          subscription_rate: { product_id: product, billing_frequency: "MONTHLY" },
          quantity_management_mode: "SEAT_BASED",
          seat_config: { seat_group_key: "user_id", initial_seat_ids: ["ann", "bob"], initial_unassigned_seats: 1 },
        },
      ],
    })
  ).data.id;
  const sub = ((await post("/v2/contracts/get", { customer_id: customer, contract_id: contract })) as unknown as { data: { subscriptions: { id: string }[] } }).data.subscriptions[0]!.id;
  await post("/v2/contracts/edit", { customer_id: customer, contract_id: contract, update_subscriptions: [{ subscription_id: sub, seat_updates: { add_seat_ids: [{ seat_ids: ["cat", "dan"], starting_at: day(10) }] } }] });

  await signIn(page, "sales@example.com");
  await page.goto(`/contracts/${contract}`);
  const seats = page.getByRole("list", { name: "Seats of Editor seats" });
  await expect(seats.getByRole("listitem")).toHaveText([
    `from ${monthStart.toISOString().slice(0, 10)}: ann, bob + 1 unassigned (3 seats)`,
    `from ${day(10).slice(0, 10)}: ann, bob, cat, dan (4 seats)`,
  ]);
  await expect(page.getByText("Seat-based (seat key user_id):")).toBeVisible();

  // Bob leaves on day 20, from the change panel.
  await page.getByLabel("Change", { exact: true }).selectOption({ label: "Add or remove seat ids" });
  await page.getByLabel("Takes effect (UTC)").fill(day(20).slice(0, 10));
  await page.getByLabel("Seat ids to remove (comma-separated)").fill("bob");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save change" }).click();
  await expect(seats.getByRole("listitem")).toHaveText([
    `from ${monthStart.toISOString().slice(0, 10)}: ann, bob + 1 unassigned (3 seats)`,
    `from ${day(10).slice(0, 10)}: ann, bob, cat, dan (4 seats)`,
    `from ${day(20).slice(0, 10)}: ann, cat, dan (3 seats)`,
  ]);
  await screenshot(page, "contract-seat-based-subscription");
});
