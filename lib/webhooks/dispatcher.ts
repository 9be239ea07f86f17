import type { PrismaClient } from "@/lib/db/generated/client";
import { deliverDue, type DeliverOptions } from "./deliver";
import { fanOutOutbox } from "./fan-out";

/** One tick of the webhook job: fan out the outbox, then attempt what is due. True if work is left. */
export async function runWebhookDispatch(db: PrismaClient, options: DeliverOptions): Promise<boolean> {
  const fanned = await fanOutOutbox(db, options.now);
  const limit = options.limit ?? 20;
  const attempted = await deliverDue(db, { ...options, limit });
  return fanned > 0 || attempted === limit;
}
