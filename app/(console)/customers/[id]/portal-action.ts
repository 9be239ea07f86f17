"use server";

import { serverAction } from "@/lib/server/action";
import { getEmbeddableUrl } from "@/lib/services/portal/get-embeddable-url";

/** Staff look at a customer's portal through a short-lived link (15 minutes). */
export const openCustomerPortalAction = serverAction(async (ctx, input) => {
  const { url } = await getEmbeddableUrl(ctx, { customer_id: input.customer_id, dashboard: "usage", expires_in_seconds: 15 * 60 });
  return { url };
});
