import { cycleContaining } from "./calendar";
import type { Contract, Subscription } from "./contract-terms";
import { type Decimal, max, ZERO } from "./decimal";
import { billingAnchor, MONTHS_PER_PERIOD } from "./periods";
import { chargeForRange, type RangeCharge } from "./rate-types";
import type { CreditType, EffectiveRate, Window } from "./types";

/**
 * Subscription charges. A subscription is billed per cycle of its own frequency, anchored (by
 * default) like the contract's usage periods, at the rate in force when the cycle starts.
 *
 * - ARREARS: at the end of each cycle, the seats held, for the exact time held (prorated) or
 *   the most seats held for the whole cycle (not prorated).
 * - ADVANCE: at the start of each cycle, the seats held then, for the rest of the cycle; seats
 *   added later are charged when added, for the rest of the cycle. Seats removed mid-cycle were
 *   paid for in advance and are not refunded; the lower count applies from the next cycle.
 *
 * Proration is by exact time: the fraction of the full cycle's milliseconds, so a full cycle
 * costs exactly the unprorated price.
 */

export interface SubscriptionCharge extends Window, RangeCharge {
  subscription: Subscription;
  creditType: CreditType;
  quantity: Decimal;
  isProrated: boolean;
}

interface QuantitySpan extends Window {
  quantity: Decimal;
}

function quantitySpans(subscription: Subscription, window: Window): QuantitySpan[] {
  const schedule = [...subscription.quantitySchedule].sort((a, b) => a.startingAt.getTime() - b.startingAt.getTime());
  const quantityAt = (at: Date): Decimal =>
    schedule.filter((item) => item.startingAt <= at).at(-1)?.quantity ?? ZERO;
  const cuts = schedule
    .map((item) => item.startingAt)
    .filter((t) => t > window.startingAt && t < window.endingBefore);
  const edges = [window.startingAt, ...cuts, window.endingBefore];
  return edges.slice(1).map((end, i) => ({
    startingAt: edges[i]!,
    endingBefore: end,
    quantity: quantityAt(edges[i]!),
  }));
}

function inRange(at: Date, window: Window, endInclusive: boolean): boolean {
  return endInclusive
    ? at > window.startingAt && at <= window.endingBefore
    : at >= window.startingAt && at < window.endingBefore;
}

function laterOf(a: Date, b: Date): Date {
  return a > b ? a : b;
}

function earlierOf(a: Date, b: Date | undefined): Date {
  return b !== undefined && b < a ? b : a;
}

/** The subscription charges that fall due in `period` (ADVANCE at their start, ARREARS at their end). */
export function subscriptionCharges(
  subscription: Subscription,
  contract: Contract,
  period: Window,
  rateAt: (at: Date) => EffectiveRate,
): SubscriptionCharge[] {
  const activeStart = laterOf(subscription.startingAt ?? contract.startingAt, contract.startingAt);
  const subscriptionEnd =
    subscription.endingBefore === undefined
      ? contract.endingBefore
      : earlierOf(subscription.endingBefore, contract.endingBefore);
  const activeEnd = earlierOf(period.endingBefore, subscriptionEnd);
  const anchor = subscription.billingCycleAnchor ?? billingAnchor(contract);
  const step = MONTHS_PER_PERIOD[subscription.billingFrequency];
  const { isProrated } = subscription.proration;
  const charges: SubscriptionCharge[] = [];
  const charge = (window: Window, from: Decimal, to: Decimal, cycle: Window, rate: EffectiveRate): void => {
    const cycleMs = cycle.endingBefore.getTime() - cycle.startingAt.getTime();
    const windowMs = window.endingBefore.getTime() - window.startingAt.getTime();
    const full = chargeForRange(rate.spec, from, to.minus(from), to, rate.bands);
    const prorated = isProrated && windowMs !== cycleMs;
    charges.push({
      ...full,
      ...window,
      amount: prorated ? full.amount.times(windowMs).div(cycleMs) : full.amount,
      subscription,
      creditType: rate.creditType,
      quantity: to.minus(from),
      isProrated: prorated,
    });
  };

  let cycle = cycleContaining(anchor, step, laterOf(activeStart, period.startingAt));
  while (cycle.startingAt < activeEnd) {
    const clipped = {
      startingAt: laterOf(cycle.startingAt, activeStart),
      endingBefore: earlierOf(cycle.endingBefore, subscriptionEnd),
    };
    if (clipped.startingAt < clipped.endingBefore) {
      const rate = rateAt(clipped.startingAt);
      const spans = quantitySpans(subscription, clipped);
      if (subscription.collectionSchedule === "ADVANCE") {
        let paid = ZERO;
        for (const span of spans) {
          if (span.quantity.gt(paid) && inRange(span.startingAt, period, false)) {
            charge({ startingAt: span.startingAt, endingBefore: clipped.endingBefore }, paid, span.quantity, cycle, rate);
          }
          paid = max(paid, span.quantity);
        }
      } else if (inRange(clipped.endingBefore, period, true)) {
        if (isProrated) {
          for (const span of spans) if (span.quantity.gt(0)) charge(span, ZERO, span.quantity, cycle, rate);
        } else {
          const most = spans.reduce((acc, span) => max(acc, span.quantity), ZERO);
          if (most.gt(0)) charge(clipped, ZERO, most, cycle, rate);
        }
      }
    }
    cycle = cycleContaining(anchor, step, cycle.endingBefore);
  }
  return charges;
}
