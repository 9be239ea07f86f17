import { describe, expect, it } from "vitest";
import { amountPoint, amountTick, bucketLabel, bucketTick, bucketWord, CONSOLE_SERIES, PORTAL_SERIES, seriesColor, seriesSummary, themedSeriesColor } from "./chart-series";

const USD = { id: "2714e483-4ff1-48e4-9e25-ac732e8f24f2", name: "USD (cents)" };
const GPU = { id: "00000000-0000-4000-8000-000000000001", name: "GPU credits" };

describe("buckets", () => {
  const at = "2026-11-03T14:00:00.000Z";
  it("names an hour by its day and clock (UTC when asked) and a day by its date", () => {
    expect(bucketLabel("HOUR")(at)).toBe("Nov 3, 14:00");
    expect(bucketLabel("HOUR", { utc: true })(at)).toBe("Nov 3, 14:00 UTC");
    expect(bucketLabel("DAY")(at)).toBe("Nov 3");
    expect(bucketLabel("DAY", { utc: true })(at)).toBe("Nov 3");
  });

  it("ticks an hour axis by the clock and a day axis by the date", () => {
    expect(bucketTick("HOUR")(at)).toBe("14:00");
    expect(bucketTick("DAY")(at)).toBe("Nov 3");
    expect(bucketWord("HOUR")).toBe("hour");
    expect(bucketWord("DAY")).toBe("day");
  });
});

describe("seriesSummary", () => {
  const points = ["01", "02", "03", "04", "05", "06", "07", "08", "09"].map((d, i) => ({ start: `2026-11-${d}T00:00:00.000Z`, exact: i === 8 ? null : `${i}000.125` }));

  it("reads the last known points, skipping buckets still to come, with readable quantities", () => {
    expect(seriesSummary(points, bucketLabel("DAY"), 3)).toBe("Nov 6 5,000.12; Nov 7 6,000.12; Nov 8 7,000.12");
  });

  it("reads seven points by default and nothing for an empty series", () => {
    expect(seriesSummary(points, bucketLabel("DAY")).split("; ")).toHaveLength(7);
    expect(seriesSummary([], bucketLabel("DAY"))).toBe("");
  });
});

describe("series colours", () => {
  it("starts each surface on its brand colour, then shares one palette, and wraps", () => {
    expect(seriesColor(0)).toBe("#3b54d6");
    expect(CONSOLE_SERIES.slice(1)).toEqual(PORTAL_SERIES.slice(1));
    expect(seriesColor(CONSOLE_SERIES.length)).toBe(seriesColor(0));
    expect(seriesColor(3)).toBe(CONSOLE_SERIES[3]);
  });

  it("lets a portal link's theme override each colour", () => {
    expect(themedSeriesColor(0)).toBe("var(--rl-UsageLine_0, #4f6bed)");
    expect(themedSeriesColor(12)).toBe(`var(--rl-UsageLine_2, ${PORTAL_SERIES[2]})`);
  });
});

describe("amounts on charts", () => {
  it("draws USD cents as dollars and other units as they are", () => {
    expect(amountPoint("123456", USD)).toBe(1234.56);
    expect(amountPoint("350", GPU)).toBe(350);
    expect(amountTick(1234.56, USD)).toBe("$1.2K");
    expect(amountTick(350, GPU)).toBe("350");
  });
});
