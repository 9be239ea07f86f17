import { sum, type Decimal } from "./decimal";
import type { CreditType, LineItem, Window } from "./types";

// A customer's costs per window (Metronome's deprecated GET /v1/customers/{id}/costs): the lines
// of every invoice's breakdown in the window (lib/billing/breakdowns.ts), summed per credit type.
// Lines are rounded already, so a window's cost is the sum of its lines and the windows of an
// invoice add up to it.

export type CostLine = Pick<LineItem, "name" | "creditType" | "total" | "presentationGroupValues">;

export interface CreditTypeCost {
  creditType: CreditType;
  cost: Decimal;
  lines: { name: string; cost: Decimal; groupKey?: string; groupValue?: string | null }[];
}

export interface WindowCost extends Window {
  /** By credit type id, in the order the credit types first appear. */
  creditTypes: Map<string, CreditTypeCost>;
}

/** Each window's costs from the breakdown lines that fall in it (`linesIn` of a window). */
export function windowCosts(windows: readonly Window[], linesIn: (window: Window) => readonly CostLine[]): WindowCost[] {
  return windows.map((window) => {
    const byCreditType = new Map<string, CostLine[]>();
    for (const line of linesIn(window)) byCreditType.set(line.creditType.id, [...(byCreditType.get(line.creditType.id) ?? []), line]);
    const creditTypes = new Map(
      [...byCreditType].map(([id, lines]): [string, CreditTypeCost] => [
        id,
        {
          creditType: lines[0]!.creditType,
          cost: sum(lines.map((l) => l.total)),
          lines: lines.map((l) => {
            // As on invoices: a line with one presentation key names its group.
            const keys = Object.keys(l.presentationGroupValues ?? {});
            return { name: l.name, cost: l.total, ...(keys.length === 1 ? { groupKey: keys[0]!, groupValue: l.presentationGroupValues![keys[0]!] ?? null } : {}) };
          }),
        },
      ]),
    );
    return { ...window, creditTypes };
  });
}
