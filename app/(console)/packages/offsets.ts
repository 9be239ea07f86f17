// A package's relative dates as the console shows them: "start", "start + 1 month", "for 12 months".

type Span = { unit: string; value: number };

const noun = (s: Span) => `${s.value} ${s.unit.toLowerCase().replace(/s$/, "")}${s.value === 1 ? "" : "s"}`;

export const fromStart = (offset: Span) => (offset.value === 0 ? "start" : `start + ${noun(offset)}`);

export const lasting = (duration: Span | undefined) => (duration ? `for ${noun(duration)}` : "open-ended");
