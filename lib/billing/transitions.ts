import { BillingInputError } from "./errors";

/**
 * A contract transition (Metronome's `transition`): a new contract takes over from a previous
 * one of the same customer at the new contract's start, so the two never bill the same time.
 *
 * - RENEWAL: the previous contract already ends exactly where the new one starts; nothing of
 *   it changes.
 * - SUPERSEDE: the previous contract is ended at the new one's start (an end it had later, or no
 *   end, is brought forward; an earlier end stays).
 *
 * Either way the previous contract's commits and credits with a rollover fraction roll what
 * they still hold at its end into the new contract (rollover.ts, planRollover): that happens
 * when the previous contract's last period is finalized, since only then is what its usage drew
 * known.
 */

export type TransitionType = "RENEWAL" | "SUPERSEDE";

export type ContractSpan = { startingAt: Date; endingBefore?: Date };

const day = (d: Date) => (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? d.toISOString().slice(0, 10) : d.toISOString());

/**
 * The previous contract's end once `next` takes over from it with a `type` transition, or a
 * refusal saying why the two cannot be joined that way.
 */
export function transitionEnd(type: TransitionType, previous: ContractSpan, next: ContractSpan): Date {
  if (next.startingAt <= previous.startingAt) {
    throw new BillingInputError(`the new contract must start after the previous one (which starts ${day(previous.startingAt)}) to take over from it`);
  }
  if (type === "RENEWAL") {
    if (previous.endingBefore?.getTime() !== next.startingAt.getTime()) {
      const ends = previous.endingBefore ? `ends ${day(previous.endingBefore)}` : "has no end";
      throw new BillingInputError(`a RENEWAL starts where the previous contract ends, and that one ${ends}; start this contract then, or use SUPERSEDE to end that one at this one's start`);
    }
    return next.startingAt;
  }
  return previous.endingBefore && previous.endingBefore < next.startingAt ? previous.endingBefore : next.startingAt;
}
