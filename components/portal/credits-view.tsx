"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Decimal } from "@/lib/billing/decimal";
import type { PortalBalance } from "@/lib/services/portal/portal-credits";
import { LiveStatus, Placeholder } from "./live-status";
import { PortalCard, Stat } from "./portal-shell";
import { usePortalData } from "./use-portal-data";
import { formatDate, formatShortDay } from "@/lib/format";
import { formatAmount } from "@/lib/format-money";

export function CreditsView({ token }: { token: string }) {
  const query = usePortalData<{ balances: PortalBalance[] }>("/api/portal/credits", token, { live: true });
  const balances = query.data?.balances;
  return (
    <>
      <LiveStatus query={query} />
      {!balances ? (
        <Placeholder height="h-96" />
      ) : balances.length === 0 ? (
        <PortalCard title="No commitments or credits">
          <p className="text-sm text-[var(--p-muted)]">You have no prepaid commitments or credits.</p>
        </PortalCard>
      ) : (
        balances.map((balance) => <BalanceCard key={balance.key} balance={balance} />)
      )}
    </>
  );
}

function BalanceCard({ balance }: { balance: PortalBalance }) {
  const unit = balance.creditType;
  const granted = new Decimal(balance.granted);
  const share = granted.gt(0) ? new Decimal(balance.remaining).div(granted).times(100).clamp(0, 100).toDecimalPlaces(1).toNumber() : 0;
  const kind = balance.kind === "CREDIT" ? "Credit" : balance.type === "POSTPAID" ? "Postpaid commitment" : "Prepaid commitment";
  const outlook = new Decimal(balance.remaining).lte(0)
    ? "This balance is used up."
    : balance.runsOutAt
    ? `At the current rate (${formatAmount(balance.burnPerDay, unit)} a day) this runs out on ${formatDate(balance.runsOutAt)}.`
    : new Decimal(balance.burnPerDay).gt(0)
      ? `At the current rate (${formatAmount(balance.burnPerDay, unit)} a day) this lasts until it expires.`
      : "Nothing is being drawn from this balance in the current period.";
  return (
    <PortalCard title={balance.name} subtitle={`${kind}${balance.expiresAt ? ` · expires ${formatDate(balance.expiresAt)}` : ""}`}>
      <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Granted" value={formatAmount(balance.granted, unit)} />
        <Stat label="Used" value={formatAmount(balance.used, unit)} testId="portal-credit-used" />
        <Stat label="Remaining" value={formatAmount(balance.remaining, unit)} testId="portal-credit-remaining" />
        <Stat label="Projected run-out" value={balance.runsOutAt ? formatDate(balance.runsOutAt) : "—"} testId="portal-credit-runout" />
      </dl>
      <div
        className="mb-2 h-2.5 overflow-hidden rounded-full bg-[var(--p-progress-bg)]"
        role="progressbar"
        aria-label={`${balance.name} remaining`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share}
      >
        <div className="h-full rounded-full bg-[var(--p-progress)]" style={{ width: `${share}%` }} />
      </div>
      <p className="mb-4 h-5 truncate text-sm text-[var(--p-muted)]">{outlook}</p>
      <p className="sr-only">{`Burn-down chart of ${balance.name}: the remaining balance over time, and dashed, its projection at the current rate.`}</p>
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={balance.burnDown} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--p-border)" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatShortDay(t)} tick={{ fill: "var(--p-muted)", fontSize: 12 }} stroke="var(--p-border)" />
            <YAxis tick={{ fill: "var(--p-muted)", fontSize: 12 }} stroke="var(--p-border)" width={72} tickFormatter={(v: number) => formatAmount(String(Math.round(v)), unit)} />
            <Tooltip
              labelFormatter={(t) => formatDate(Number(t))}
              formatter={(v) => formatAmount(String(Math.round(Number(v))), unit)}
              contentStyle={{ background: "var(--p-surface)", border: "1px solid var(--p-border)", color: "var(--p-text)" }}
            />
            <Line type="linear" dataKey="remaining" name="Remaining" stroke="var(--p-primary)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
            <Line type="linear" dataKey="projected" name="Projected" stroke="var(--p-primary)" strokeDasharray="6 4" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </PortalCard>
  );
}
