import { describe, expect, it } from "vitest";
import { BusyError, concurrencyLimit } from "./concurrency-limit";

describe("concurrency limit", () => {
  it("runs at most max tasks at once, lets the rest wait in order, and refuses beyond the queue", async () => {
    const run = concurrencyLimit(2, 3);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        active++;
        peak = Math.max(peak, active);
        order.push(n);
        releases.push(() => {
          active--;
          resolve(n);
        });
      });
    const accepted = [1, 2, 3, 4, 5].map((n) => run(task(n)));
    await expect(run(task(6))).rejects.toBeInstanceOf(BusyError);
    await Promise.resolve();
    expect(order).toEqual([1, 2]);
    while (releases.length) {
      releases.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await Promise.all(accepted)).toEqual([1, 2, 3, 4, 5]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    // Slots are given back: a new task runs at once.
    expect(await run(async () => "again")).toBe("again");
  });

  it("frees the slot of a task that fails", async () => {
    const run = concurrencyLimit(1, 0);
    await expect(run(async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(await run(async () => 7)).toBe(7);
  });
});
