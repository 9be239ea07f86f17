import { describe, expect, it } from "vitest";
import { pricingTurns } from "./pricing-turns";

describe("pricingTurns", () => {
  it("runs one turn at a time, in the order asked for, and goes on after a failed one", async () => {
    const turn = pricingTurns();
    const log: string[] = [];
    let running = 0;
    const work = (name: string, fail = false) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`${name} end`);
      running--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([turn(work("a")), turn(work("b", true)), turn(work("c"))]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "b", "c"]);
    expect(results[1]!.status).toBe("rejected");
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });
});
