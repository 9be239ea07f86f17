import { min, sum, ZERO } from "@/lib/billing/decimal";
import { DAY_MS, periodForecast, perDay } from "@/lib/billing/forecast";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { currentDrafts } from "@/lib/services/invoices/current-period";
import { toPortalLine, type PortalLine } from "./portal-line";
import { readPortalBalances } from "./portal-credits";

// The portal's Spend page: the live draft invoice of the current period (its lines, the commits
// and credits applied, the total so far) and a forecast of the period's final total.
//
// Forecast: the run rate is the usage charged so far divided by the time elapsed in the period
// (the period-to-date average). The usage still to come is that rate × the time left. Of it, the
// customer's remaining commit and credit balance (same credit type) is assumed to cover what it
// can, as it would at close; the rest is added to the total so far. Fixed charges are already in
// the draft, so they count once.

type Db = PrismaClient | Prisma.TransactionClient;

export type PortalSpend = {
  invoices: {
    key: string;
    contractName: string | null;
    creditType: { id: string; name: string };
    startingOn: string;
    endingBefore: string;
    lines: PortalLine[];
    usageSoFar: string;
    appliedCredits: string;
    totalSoFar: string;
    forecast: { usageAtEnd: string; totalAtEnd: string; runRatePerDay: string; elapsedDays: string; remainingDays: string };
  }[];
};

export async function readPortalSpend(db: Db, customerId: string, now: Date): Promise<PortalSpend> {
  const drafts = await currentDrafts(db, customerId, now);
  const balances = drafts.length ? await readPortalBalances(db, customerId, now) : [];
  const available = new Map<string, ReturnType<typeof sum>>();
  for (const b of balances) available.set(b.creditType.id, (available.get(b.creditType.id) ?? ZERO).plus(b.remaining));

  const invoices = drafts.map((draft, index) => {
    const { invoice } = draft;
    const usage = sum(invoice.lines.filter((l) => l.type === "USAGE").map((l) => l.total));
    const applied = sum(invoice.lines.filter((l) => l.type === "APPLIED_COMMIT_OR_CREDIT").map((l) => l.total));
    const { rate, elapsedMs, remainingMs, toCome } = periodForecast(usage, invoice, now);
    const credit = available.get(invoice.creditType.id) ?? ZERO;
    const covered = min(toCome, credit);
    available.set(invoice.creditType.id, credit.minus(covered));
    const precision = invoice.creditType.precision;
    return {
      key: `i${index}`,
      contractName: draft.billing.row.name,
      creditType: { id: invoice.creditType.id, name: invoice.creditType.name },
      startingOn: invoice.startingAt.toISOString(),
      endingBefore: invoice.endingBefore.toISOString(),
      lines: invoice.lines
        .filter((l) => !(l.type === "USAGE" && l.total.isZero() && (!l.quantity || l.quantity.isZero())))
        .map(toPortalLine),
      usageSoFar: usage.toFixed(),
      appliedCredits: applied.toFixed(),
      totalSoFar: invoice.total.toFixed(),
      forecast: {
        usageAtEnd: usage.plus(toCome).toDecimalPlaces(precision).toFixed(),
        totalAtEnd: invoice.total.plus(toCome).minus(covered).toDecimalPlaces(precision).toFixed(),
        runRatePerDay: perDay(rate).toDecimalPlaces(precision).toFixed(),
        elapsedDays: (elapsedMs / DAY_MS).toFixed(1),
        remainingDays: (remainingMs / DAY_MS).toFixed(1),
      },
    };
  });
  return { invoices };
}
