"use client";

import { Decimal } from "@/lib/billing/decimal";
import { INPUT } from "@/components/ui/field";
import { formatQuantity } from "@/lib/format";
import type { TierView } from "./rate-view";

/**
 * Tiers as rows: every tier but the last has a size (units in it), the last covers everything
 * above. Errors arrive keyed as the API names them ("tiers.1.size").
 */
export function TierEditor({
  tiers,
  onChange,
  priceLabel,
  errors = {},
}: {
  tiers: TierView[];
  onChange: (tiers: TierView[]) => void;
  priceLabel: string;
  errors?: Record<string, string>;
}) {
  const set = (i: number, change: Partial<TierView>) => onChange(tiers.map((t, j) => (j === i ? { ...t, ...change } : t)));
  const add = () => {
    // A new tier goes before the unbounded last one, with a size so the tiers stay valid.
    const last = tiers[tiers.length - 1] ?? { size: null, price: "0" };
    onChange([...tiers.slice(0, -1), { size: "1000", price: last.price }, { ...last, size: null }]);
  };
  const remove = (i: number) => {
    const next = tiers.filter((_, j) => j !== i);
    onChange(next.map((t, j) => (j === next.length - 1 ? { ...t, size: null } : t)));
  };
  let from = new Decimal(0);
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-700">Tiers</legend>
      <table className="w-full text-sm">
        <caption className="sr-only">Tiers, from the first unit of the billing period</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="pb-1 pr-3 font-medium">Units</th>
            <th scope="col" className="pb-1 pr-3 font-medium">Size of tier</th>
            <th scope="col" className="pb-1 pr-3 font-medium">{priceLabel}</th>
            <th scope="col" className="pb-1 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((tier, i) => {
            const last = i === tiers.length - 1;
            const start = from;
            const size = tier.size && /^\d+(\.\d+)?$/.test(tier.size) ? new Decimal(tier.size) : null;
            if (size) from = from.plus(size);
            const sizeError = errors[`tiers.${i}.size`];
            const priceError = errors[`tiers.${i}.price`];
            return (
              <tr key={i} className="align-top">
                <td className="py-1 pr-3 pt-3 text-slate-600 tabular whitespace-nowrap">
                  {formatQuantity(start.toFixed())} {last ? "and above" : size ? `to ${formatQuantity(start.plus(size).toFixed())}` : "to …"}
                </td>
                <td className="py-1 pr-3">
                  {last ? (
                    <span className="block py-2 text-slate-500">No limit</span>
                  ) : (
                    <>
                      <input
                        aria-label={`Size of tier ${i + 1}`}
                        inputMode="decimal"
                        className={INPUT}
                        value={tier.size ?? ""}
                        aria-invalid={sizeError ? true : undefined}
                        onChange={(e) => set(i, { size: e.target.value })}
                      />
                      {sizeError && <p className="mt-1 text-xs text-red-600">{sizeError}</p>}
                    </>
                  )}
                </td>
                <td className="py-1 pr-3">
                  <input
                    aria-label={`Price of tier ${i + 1}`}
                    inputMode="decimal"
                    className={INPUT}
                    value={tier.price}
                    aria-invalid={priceError ? true : undefined}
                    onChange={(e) => set(i, { price: e.target.value })}
                  />
                  {priceError && <p className="mt-1 text-xs text-red-600">{priceError}</p>}
                </td>
                <td className="py-1 pt-2.5 text-right">
                  {tiers.length > 1 && (
                    <button type="button" onClick={() => remove(i)} className="rounded px-2 py-1 text-sm text-slate-500 hover:bg-slate-100 hover:text-red-700">
                      Remove<span className="sr-only"> tier {i + 1}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={add} className="mt-2 rounded px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50">+ Add a tier</button>
    </fieldset>
  );
}
