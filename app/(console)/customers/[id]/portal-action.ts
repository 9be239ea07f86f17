"use server";

import { serverAction } from "@/lib/server/action";
import { revalidatePath } from "next/cache";
import { getEmbeddableUrl } from "@/lib/services/portal/get-embeddable-url";
import { revokePortalLinks } from "@/lib/services/portal/portal-link";

/** Staff look at a customer's portal through a short-lived link (15 minutes). */
export const openCustomerPortalAction = serverAction(async (ctx, input) => {
  const { url } = await getEmbeddableUrl(ctx, { customer_id: input.customer_id, dashboard: "usage", expires_in_seconds: 15 * 60 });
  return { url };
});

/** Every portal link of the customer made until now stops working; new ones work. */
export const revokePortalLinksAction = serverAction(
  async (ctx, input) => {
    const result = await revokePortalLinks(ctx, { customer_id: input.customer_id ?? "" });
    revalidatePath(`/customers/${result.customerId}`);
    return result;
  },
  () => "Every portal link made until now has stopped working.",
);
