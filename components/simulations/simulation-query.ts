// A simulation's inputs live in the URL (/simulations?card=…&product=…&price=…), so a result can
// be reloaded and shared as a link. Amounts are as people type them (dollars for USD cents).

export const SIMULATION_KEYS = [
  "card",
  /** "rate" (one proposed rate) or "card" (another rate card). */
  "mode",
  /** mode=card: the rate card to compare with. */
  "with",
  "product",
  /** The pricing group values as JSON, for products priced by group. */
  "group",
  "type",
  "price",
  /** JSON list of {size, price}. */
  "tiers",
  "package_size",
  "package_rounding",
  "frequency",
  /** When the change takes effect once published: a datetime-local value, UTC. */
  "from",
  /** Which billing period to price: "current", or an instant each contract's period contains. */
  "period",
] as const;

export type SimulationQuery = Partial<Record<(typeof SIMULATION_KEYS)[number], string>>;

export function simulationHref(query: SimulationQuery): string {
  const params = new URLSearchParams();
  for (const key of SIMULATION_KEYS) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `/simulations?${text}` : "/simulations";
}
