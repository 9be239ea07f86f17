// At most `max` tasks run at once; up to `maxWaiting` more wait their turn (first come, first
// served), and any beyond that are refused at once with BusyError rather than queue without end.

export class BusyError extends Error {
  override name = "BusyError";
}

export function concurrencyLimit(max: number, maxWaiting: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running < max) running++;
    else if (waiting.length >= maxWaiting) throw new BusyError("Too many tasks are waiting.");
    // A finishing task hands its slot straight to the next one, so `running` never exceeds max.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
