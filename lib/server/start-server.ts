import { billingStateJob } from "@/lib/server/billing-state-job";
import { config } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { backfillStep } from "@/lib/metering/backfill";
import { rollUpNewEvents } from "@/lib/metering/rollup-job";
import { stripeClient, syncInvoicesToStripe } from "@/lib/payments/stripe-sync";
import { getDatabase } from "@/lib/server/database";
import { runPeriodClose } from "@/lib/server/period-close-job";
import { simulationJob } from "@/lib/server/simulation-job";
import { startScheduler } from "@/lib/server/scheduler";
import { installPeerAddressHeader } from "@/lib/server/client-address";
import { describeStartupError } from "@/lib/server/startup-error";
import { runWebhookDispatch } from "@/lib/webhooks/dispatcher";
import { announceExpiredSegments } from "@/lib/webhooks/segment-expiry";
import { sealLegacyWebhookSecrets, webhookSecurity } from "@/lib/webhooks/webhook-security";

/**
 * Opens the database before the first request and starts the background jobs; a configuration
 * fault stops the server with one sentence.
 */
export async function startServer() {
  installPeerAddressHeader();
  try {
    const database = await getDatabase();
    const webhooks = webhookSecurity();
    await sealLegacyWebhookSecrets(database.prisma, webhooks.secretKey);
    const stripeSettings = config().stripe;
    const stripe = stripeSettings ? stripeClient(stripeSettings) : undefined;
    startScheduler(database.prisma, [
      { name: "usage rollups", intervalMs: 1000, run: (db) => rollUpNewEvents(db) },
      { name: "metric backfill", intervalMs: 2000, run: (db) => backfillStep(db) },
      // Stored drafts and counters for the screens that span customers, and the alerts of the
      // customers it refreshes: what changed, within seconds.
      { name: "billing state", intervalMs: 2000, run: billingStateJob() },
      // Stored pricing simulations, batch by batch; each run on one server at a time.
      { name: "simulations", intervalMs: 1000, run: simulationJob() },
      // Finalizes periods past their grace; of many servers, the one holding the lease does it.
      { name: "period close", intervalMs: 60_000, run: (db) => runPeriodClose(db, new Date(), config().graceHours).then(() => {}) },
      // Outbox → webhook deliveries and invoice syncs; work is claimed row by row (SKIP LOCKED).
      { name: "webhooks", intervalMs: 1000, run: (db) => runWebhookDispatch(db, { now: new Date(), security: webhooks }) },
      { name: "segment expiry", intervalMs: 60_000, run: (db) => announceExpiredSegments(db, new Date()) },
      ...(stripe ? [{ name: "stripe sync", intervalMs: 2000, run: (db: PrismaClient) => syncInvoicesToStripe(db, stripe, { now: new Date() }) }] : []),
    ]);
  } catch (error) {
    console.error(describeStartupError(error));
    process.exit(1);
  }
}
