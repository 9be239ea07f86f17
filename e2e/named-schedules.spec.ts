import { expect } from "@playwright/test";
import { apiPost, expectAccessible, screenshot, signIn, test } from "./support";

// Named schedules in the console: values set through the API on a customer and on a rate card
// show on their pages, each with the time it is in force.

test("a customer's and a rate card's named schedules show on their pages", async ({ page, request }) => {
  const post = apiPost(request);
  const customer = (await post("/v1/customers", { name: "Scheduled Co" })).data.id;
  await post("/v1/customers/updateNamedSchedule", { customer_id: customer, schedule_name: "gpu-discount", starting_at: "2026-01-01T00:00:00Z", ending_before: "2026-07-01T00:00:00Z", value: { percent: 10 } });
  await post("/v1/customers/updateNamedSchedule", { customer_id: customer, schedule_name: "gpu-discount", starting_at: "2026-07-01T00:00:00Z", value: { percent: 15 } });
  const card = (await post("/v1/contract-pricing/rate-cards/create", { name: "Scheduled card" })).data.id;
  await post("/v1/contract-pricing/rate-cards/updateNamedSchedule", { rate_card_id: card, schedule_name: "region", starting_at: "2026-01-01T00:00:00Z", value: "eu-west" });

  await signIn(page, "admin@example.com");
  await page.goto(`/customers/${customer}`);
  const segments = page.getByRole("list", { name: "Schedule gpu-discount" }).getByRole("listitem");
  await expect(segments.nth(0)).toContainText('{"percent":10}2026-01-01 – 2026-06-30');
  await expect(segments.nth(1)).toContainText('{"percent":15}from 2026-07-01');
  // The activity feed reads each update's segments.
  await expect(page.getByText(/^segments: none → .*"percent":10/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "customer-named-schedules");
  await page.goto(`/rate-cards/${card}`);
  await expect(page.getByRole("list", { name: "Schedule region" })).toContainText('"eu-west"from 2026-01-01');
});
