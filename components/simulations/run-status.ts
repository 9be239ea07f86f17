import type { SimulationStatus } from "@/lib/services/simulations/simulation-runs";

export const STATUS_LABEL: Record<SimulationStatus, string> = { queued: "Waiting", running: "Running", done: "Done", failed: "Failed" };
export const STATUS_TONE = { queued: "neutral", running: "blue", done: "green", failed: "red" } as const satisfies Record<SimulationStatus, string>;
