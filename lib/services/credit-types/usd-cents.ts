// The default fiat credit type. Amounts in it are US cents, as in Metronome's API, and its id is
// Metronome's, so code written against Metronome finds it under the id it already uses.
export const USD_CENTS = {
  id: "2714e483-4ff1-48e4-9e25-ac732e8f24f2",
  name: "USD (cents)",
  isFiat: true,
  precision: 0,
} as const;
