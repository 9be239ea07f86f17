// Batches of the billing-state refresh run side by side on PostgreSQL (lib/server/billing-state-job.ts),
// and take turns at reading and pricing: one lane prices (the server's CPU) while another's writes
// run in the database. Left to themselves, two lanes would price together and then store together,
// leaving the server idle while both wait on the database (in-process at 100,000 customers: 46 s
// with turns, 49 s without).

/** Runs a batch's reading and pricing when its turn comes. */
export type PricingTurn = <T>(work: () => Promise<T>) => Promise<T>;

/** Turns taken one at a time, in the order asked for. */
export function pricingTurns(): PricingTurn {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const mine = last.then(work, work);
    last = mine.catch(() => {});
    return mine;
  };
}
