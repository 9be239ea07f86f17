"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { InvoiceDocument } from "@/components/invoices/invoice-document";
import type { InvoiceView } from "@/components/invoices/invoice-view";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import { formatAmount, fromInputAmount, inputUnitLabel, type CreditUnit } from "@/lib/format-money";
import { percentToFraction } from "@/lib/percent";
import type { ActionState } from "@/lib/server/action";
import type { TCreateContract } from "@/lib/services/contracts/schemas";
import { createContractAction, previewContractAction } from "../actions";
import { splitGroupValues } from "../contract-text";

export type ProductOption = { id: string; name: string; type: string; rateCardIds: string[] };
type Option = { id: string; name: string };

type OverrideDraft = { productId: string; type: "MULTIPLIER" | "OVERWRITE"; value: string };
type DiscountDraft = { name: string; percent: string };
type BalanceKind = "PREPAID" | "CREDIT" | "RECURRING_COMMIT" | "RECURRING_CREDIT";
/** A recurring balance grants `amount` each billing period from `start` to `end` (empty: the contract's end). */
type BalanceDraft = { kind: BalanceKind; productId: string; name: string; amount: string; start: string; end: string; priority: string; proration: "NONE" | "FIRST" | "LAST" | "FIRST_AND_LAST"; rollover: string };
const RECURRING: BalanceKind[] = ["RECURRING_COMMIT", "RECURRING_CREDIT"];
const BALANCE_PATH: Record<BalanceKind, string> = { PREPAID: "commits", CREDIT: "credits", RECURRING_COMMIT: "recurring_commits", RECURRING_CREDIT: "recurring_credits" };
const BALANCE_LABEL: Record<BalanceKind, string> = { PREPAID: "Prepaid commit", CREDIT: "Credit", RECURRING_COMMIT: "Recurring commit", RECURRING_CREDIT: "Recurring credit" };
type SubscriptionDraft = { productId: string; quantity: string; collection: "ADVANCE" | "ARREARS"; frequency: "MONTHLY" | "QUARTERLY" | "ANNUAL" };
type ChargeDraft = { productId: string; date: string; amount: string };
/** Threshold billing or auto-recharge: off unless `productId` is chosen; amounts as typed. */
type TriggerDraft = { on: boolean; productId: string; threshold: string; rechargeTo: string };
const NO_TRIGGER: TriggerDraft = { on: false, productId: "", threshold: "", rechargeTo: "" };

const STEPS = ["Customer", "Rate card", "Dates and billing", "Overrides and discounts", "Commits and credits", "Subscriptions and charges", "Review"] as const;

/** Which step shows the field a service error names (its body path). */
function stepOf(path: string): number {
  if (path.startsWith("customer_id")) return 0;
  if (path.startsWith("rate_card")) return 1;
  if (/^(overrides|percentage_discounts)/.test(path)) return 3;
  if (/^(commits|credits|recurring_commits|recurring_credits|spend_threshold_configuration|prepaid_balance_threshold_configuration)/.test(path)) return 4;
  if (/^(subscriptions|scheduled_charges|discounts)/.test(path)) return 5;
  if (path === "(body)") return 6;
  return 2;
}

const instant = (day: string) => (day ? `${day}T00:00:00Z` : "");
const addYear = (day: string) => (day ? `${Number(day.slice(0, 4)) + 1}${day.slice(4)}` : "");

/**
 * The guided create flow for sales. Every step edits one draft of the contract; the body sent to
 * the preview and to create is built from it in one place (`body`), so what was previewed is
 * exactly what is created. The preview is the engine's: the contract is written and priced inside
 * a transaction that is rolled back.
 */
export function ContractBuilder({
  customers,
  rateCards,
  products,
  defaultStart,
  initialCustomerId,
}: {
  customers: Option[];
  rateCards: (Option & { unit: CreditUnit })[];
  products: ProductOption[];
  defaultStart: string;
  initialCustomerId?: string;
}) {
  const router = useRouter();
  const [step, setStep] = useState(0);
  const [customerId, setCustomerId] = useState(customers.some((c) => c.id === initialCustomerId) ? initialCustomerId! : (customers[0]?.id ?? ""));
  const [rateCardId, setRateCardId] = useState(rateCards[0]?.id ?? "");
  const [name, setName] = useState("");
  const [start, setStart] = useState(defaultStart);
  const [end, setEnd] = useState("");
  const [frequency, setFrequency] = useState<"MONTHLY" | "QUARTERLY" | "ANNUAL">("MONTHLY");
  const [anchor, setAnchor] = useState<"CONTRACT_START" | "FIRST_OF_MONTH">("CONTRACT_START");
  const [terms, setTerms] = useState("30");
  const [filterKey, setFilterKey] = useState("");
  const [filterValues, setFilterValues] = useState("");
  const [overrides, setOverrides] = useState<OverrideDraft[]>([]);
  const [discounts, setDiscounts] = useState<DiscountDraft[]>([]);
  const [balances, setBalances] = useState<BalanceDraft[]>([]);
  const [subscriptions, setSubscriptions] = useState<SubscriptionDraft[]>([]);
  const [charges, setCharges] = useState<ChargeDraft[]>([]);
  const [spendTrigger, setSpendTrigger] = useState<TriggerDraft>(NO_TRIGGER);
  const [recharge, setRecharge] = useState<TriggerDraft>(NO_TRIGGER);
  const [contractValue, setContractValue] = useState("");
  const [created, create, creating] = useActionState(createContractAction, {} as ActionState<{ id: string }>);
  const [preview, runPreview, previewing] = useActionState(previewContractAction, {} as ActionState<{ usage: InvoiceView; scheduled: InvoiceView[] }>);
  const [shownErrors, setShownErrors] = useState<ActionState>({});
  const heading = useRef<HTMLHeadingElement>(null);

  const card = rateCards.find((c) => c.id === rateCardId);
  const unit: CreditUnit = card?.unit ?? { id: "", name: "" };
  const onCard = products.filter((p) => p.rateCardIds.includes(rateCardId));
  const usageProducts = onCard.filter((p) => p.type === "USAGE");
  const fixedProducts = products.filter((p) => p.type === "FIXED");
  const seatProducts = onCard.filter((p) => p.type === "SUBSCRIPTION");
  const productName = (id: string) => products.find((p) => p.id === id)?.name ?? "—";
  const money = (text: string) => fromInputAmount(text, unit);
  /** An amount as typed, formatted when it reads as one. */
  const shown = (text: string) => (/^\d/.test(money(text)) ? formatAmount(money(text), unit) : text);

  function body(): TCreateContract {
    const of = (kind: BalanceKind) => balances.filter((b) => b.kind === kind);
    const [commits, credits, recurringCommits, recurringCredits] = [of("PREPAID"), of("CREDIT"), of("RECURRING_COMMIT"), of("RECURRING_CREDIT")];
    const recurring = (b: BalanceDraft) => ({
      product_id: b.productId,
      name: b.name || undefined,
      priority: b.priority.trim() === "" ? undefined : Number(b.priority),
      access_amount: { credit_type_id: unit.id, unit_price: money(b.amount), quantity: "1" },
      commit_duration: { value: 1, unit: "PERIODS" },
      starting_at: instant(b.start),
      ending_before: b.end ? instant(b.end) : undefined,
      proration: b.proration,
      rollover_fraction: b.rollover.trim() ? percentToFraction(b.rollover) : undefined,
    });
    const balance = (b: BalanceDraft) => ({
      product_id: b.productId,
      name: b.name || undefined,
      priority: b.priority.trim() === "" ? undefined : Number(b.priority),
      access_schedule: { schedule_items: [{ amount: money(b.amount), starting_at: instant(b.start), ending_before: instant(b.end) }] },
    });
    return {
      customer_id: customerId,
      rate_card_id: rateCardId,
      name: name.trim() || undefined,
      starting_at: instant(start),
      ending_before: end ? instant(end) : undefined,
      net_payment_terms_days: /^\d+$/.test(terms) ? Number(terms) : undefined,
      total_contract_value: contractValue.trim() ? money(contractValue) : undefined,
      usage_statement_schedule: { frequency, day: anchor },
      // From the contract's start; the contract page changes it from a later date.
      usage_filter: filterKey.trim() ? { group_key: filterKey.trim(), group_values: splitGroupValues(filterValues) } : undefined,
      overrides: overrides.length
        ? overrides.map((o) => ({
            product_id: o.productId,
            starting_at: instant(start),
            type: o.type,
            ...(o.type === "MULTIPLIER" ? { multiplier: o.value } : { overwrite_rate: { rate_type: "FLAT", price: money(o.value) } }),
          }))
        : undefined,
      percentage_discounts: discounts.length
        ? discounts.map((d) => ({ name: d.name, fraction: percentToFraction(d.percent), starting_at: instant(start) }))
        : undefined,
      // A prepaid commit is invoiced once, for its amount, when its access starts.
      commits: commits.length ? commits.map((b) => ({ ...balance(b), type: "PREPAID", invoice_schedule: { schedule_items: [{ timestamp: instant(b.start), amount: money(b.amount) }] } })) : undefined,
      credits: credits.length ? credits.map(balance) : undefined,
      // A recurring commit is invoiced each period for what it grants.
      recurring_commits: recurringCommits.length ? recurringCommits.map((b) => ({ ...recurring(b), invoice_amount: { credit_type_id: unit.id, unit_price: money(b.amount), quantity: "1" } })) : undefined,
      recurring_credits: recurringCredits.length ? recurringCredits.map(recurring) : undefined,
      subscriptions: subscriptions.length
        ? subscriptions.map((s) => ({ collection_schedule: s.collection, subscription_rate: { product_id: s.productId, billing_frequency: s.frequency }, initial_quantity: s.quantity, starting_at: instant(start) }))
        : undefined,
      spend_threshold_configuration: spendTrigger.on
        ? { commit: { product_id: spendTrigger.productId }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: money(spendTrigger.threshold) }
        : undefined,
      prepaid_balance_threshold_configuration: recharge.on
        ? { commit: { product_id: recharge.productId }, is_enabled: true, payment_gate_config: { payment_gate_type: "NONE" }, threshold_amount: money(recharge.threshold), recharge_to_amount: money(recharge.rechargeTo) }
        : undefined,
      scheduled_charges: charges.length ? charges.map((c) => ({ product_id: c.productId, schedule: { schedule_items: [{ timestamp: instant(c.date), amount: money(c.amount) }] } })) : undefined,
    } as TCreateContract;
  }

  const send = (action: (data: FormData) => void) => {
    const data = new FormData();
    data.set("body", JSON.stringify(body()));
    startTransition(() => action(data));
  };

  // The latest refusal, from the preview or from create, is what the fields show.
  useEffect(() => setShownErrors(preview.ok === false ? preview : {}), [preview]);
  useEffect(() => {
    if (created.ok && created.result) router.push(`/contracts/${created.result.id}`);
    else if (created.ok === false) setShownErrors(created);
  }, [created, router]);
  useEffect(() => {
    const first = Object.keys(shownErrors.fields ?? {})[0];
    if (first !== undefined) setStep(stepOf(first));
  }, [shownErrors]);
  const go = (next: number) => {
    setStep(next);
    if (next === STEPS.length - 1) send(runPreview);
    heading.current?.focus();
  };
  const error = (path: string) => fieldError(shownErrors.fields, path);
  const newBalance = (kind: BalanceKind): BalanceDraft => ({
    kind,
    productId: fixedProducts[0]?.id ?? "",
    name: "",
    amount: "",
    start,
    end: RECURRING.includes(kind) ? end : end || addYear(start),
    priority: String(balances.length + 1),
    proration: "FIRST_AND_LAST",
    rollover: "",
  });
  const kindIndex = (i: number) => balances.slice(0, i).filter((b) => b.kind === balances[i]!.kind).length;
  const busy = creating || previewing;
  const triggerContext = { products: fixedProducts, unit, error };

  return (
    <div className="grid gap-6 lg:grid-cols-[13rem_1fr]">
      <nav aria-label="Contract steps">
        <ol className="space-y-1">
          {STEPS.map((label, i) => (
            <li key={label}>
              <button
                type="button"
                onClick={() => go(i)}
                aria-current={step === i ? "step" : undefined}
                className={`flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm ${step === i ? "bg-brand-50 font-semibold text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
              >
                <span className={`flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs ${step === i ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-700"}`} aria-hidden>{i + 1}</span>
                <span className="sr-only">Step {i + 1}: </span>
                {label}
                {Object.keys(shownErrors.fields ?? {}).some((k) => stepOf(k) === i) && <span className="ml-auto text-xs font-medium text-red-700">fix</span>}
              </button>
            </li>
          ))}
        </ol>
      </nav>

      <section aria-label={`Step ${step + 1} of ${STEPS.length}`} className="rounded-xl border border-slate-200 bg-white shadow-xs">
        <header className="border-b border-slate-100 px-5 py-4">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Step {step + 1} of {STEPS.length}</p>
          <h2 id="step-title" ref={heading} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">{STEPS[step]}</h2>
        </header>
        <div className="space-y-5 px-5 py-5">
          {step === 0 && (
            <div className="grid gap-4 md:grid-cols-2">
              <SelectField label="Customer" name="customer_id" value={customerId} onChange={(e) => setCustomerId(e.target.value)} options={customers.map((c) => ({ value: c.id, label: c.name }))} error={error("customer_id")} />
              <TextField label="Contract name (optional)" name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Annual commitment 2027" maxLength={200} error={error("name")} />
            </div>
          )}

          {step === 1 && (
            <div className="grid gap-4 md:grid-cols-2">
              <SelectField label="Rate card" name="rate_card_id" value={rateCardId} onChange={(e) => setRateCardId(e.target.value)} options={rateCards.map((c) => ({ value: c.id, label: c.name }))} hint="The list prices this contract starts from; overrides change them for this customer only." error={error("rate_card_id")} />
              <p className="self-center text-sm text-slate-600">{card ? `${onCard.length} products priced on ${card.name}, in ${inputUnitLabel(unit)}.` : "No rate card yet: pricing creates them."}</p>
            </div>
          )}

          {step === 2 && (
            <div className="grid gap-4 md:grid-cols-2">
              <TextField label="Starts on (UTC)" name="starting_at" type="date" required value={start} onChange={(e) => setStart(e.target.value)} error={error("starting_at")} />
              <TextField label="Ends before (UTC, optional)" name="ending_before" type="date" value={end} onChange={(e) => setEnd(e.target.value)} hint="Empty: the contract runs until it is ended." error={error("ending_before")} />
              <SelectField label="Billing cycle" name="frequency" value={frequency} onChange={(e) => setFrequency(e.target.value as typeof frequency)} options={[{ value: "MONTHLY", label: "Monthly" }, { value: "QUARTERLY", label: "Quarterly" }, { value: "ANNUAL", label: "Annual" }]} error={error("usage_statement_schedule.frequency")} />
              <SelectField label="Periods start" name="day" value={anchor} onChange={(e) => setAnchor(e.target.value as typeof anchor)} options={[{ value: "CONTRACT_START", label: "On the contract's start day" }, { value: "FIRST_OF_MONTH", label: "On the first of the month" }]} error={error("usage_statement_schedule.day")} />
              <TextField label="Payment terms (days)" name="net_payment_terms_days" inputMode="numeric" value={terms} onChange={(e) => setTerms(e.target.value)} error={error("net_payment_terms_days")} />
              <TextField label={`Total contract value (${inputUnitLabel(unit)}, optional)`} name="total_contract_value" inputMode="decimal" value={contractValue} onChange={(e) => setContractValue(e.target.value)} hint="Recorded for reporting; never billed." error={error("total_contract_value")} />
              <fieldset className="space-y-3 md:col-span-2">
                <legend className="text-sm font-semibold text-slate-900">Usage filter (optional)</legend>
                <p className="text-sm text-slate-500">When the customer has several contracts, each bills only the events whose group key has one of its values (e.g. region = us). Empty: this contract bills all of the customer&apos;s usage it prices.</p>
                <div className="grid gap-4 md:grid-cols-2">
                  <TextField label="Group key" name="usage_filter.group_key" value={filterKey} onChange={(e) => setFilterKey(e.target.value)} placeholder="region" error={error("usage_filter.group_key") ?? error("usage_filter")} />
                  <TextField label="Values (comma-separated)" name="usage_filter.group_values" value={filterValues} onChange={(e) => setFilterValues(e.target.value)} placeholder="us, ca" error={error("usage_filter.group_values")} />
                </div>
              </fieldset>
            </div>
          )}

          {step === 3 && (
            <>
              <fieldset className="space-y-3">
                <legend className="text-sm font-semibold text-slate-900">Price overrides</legend>
                <p className="text-sm text-slate-500">Change a product's price for this customer from the contract's start: a multiplier (0.8 is 20% off) or a new flat price.</p>
                {overrides.map((o, i) => (
                  <div key={i} className="grid items-start gap-3 rounded-lg border border-slate-200 p-3 md:grid-cols-[1fr_12rem_10rem_auto]">
                    <SelectField label="Product" id={`overrides-${i}-product`} name={`overrides.${i}.product_id`} value={o.productId} onChange={(e) => setOverrides(overrides.map((x, j) => (j === i ? { ...x, productId: e.target.value } : x)))} options={usageProducts.map((p) => ({ value: p.id, label: p.name }))} error={error(`overrides.${i}.product_id`)} />
                    <SelectField label="Kind" id={`overrides-${i}-type`} name={`overrides.${i}.type`} value={o.type} onChange={(e) => setOverrides(overrides.map((x, j) => (j === i ? { ...x, type: e.target.value as OverrideDraft["type"] } : x)))} options={[{ value: "MULTIPLIER", label: "Multiplier" }, { value: "OVERWRITE", label: `Flat price (${inputUnitLabel(unit)})` }]} />
                    <TextField label={o.type === "MULTIPLIER" ? "Multiplier" : "Price per unit"} id={`overrides-${i}-value`} name={`overrides.${i}.value`} inputMode="decimal" value={o.value} onChange={(e) => setOverrides(overrides.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} error={error(`overrides.${i}.multiplier`) ?? error(`overrides.${i}.overwrite_rate`) ?? error(`overrides.${i}`)} />
                    <Button type="button" variant="ghost" className="mt-6" onClick={() => setOverrides(overrides.filter((_, j) => j !== i))}>Remove<span className="sr-only"> override {i + 1}</span></Button>
                  </div>
                ))}
                <Button type="button" variant="secondary" disabled={!usageProducts.length} onClick={() => setOverrides([...overrides, { productId: usageProducts[0]?.id ?? "", type: "MULTIPLIER", value: "0.8" }])}>Add override</Button>
              </fieldset>
              <fieldset className="space-y-3">
                <legend className="text-sm font-semibold text-slate-900">Percentage discounts</legend>
                {discounts.map((d, i) => (
                  <div key={i} className="grid items-start gap-3 rounded-lg border border-slate-200 p-3 md:grid-cols-[1fr_10rem_auto]">
                    <TextField label="Discount name (on invoices)" id={`discounts-${i}-name`} name={`percentage_discounts.${i}.name`} value={d.name} onChange={(e) => setDiscounts(discounts.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} error={error(`percentage_discounts.${i}.name`)} />
                    <TextField label="Percent off" id={`discounts-${i}-percent`} name={`percentage_discounts.${i}.fraction`} inputMode="decimal" value={d.percent} onChange={(e) => setDiscounts(discounts.map((x, j) => (j === i ? { ...x, percent: e.target.value } : x)))} error={error(`percentage_discounts.${i}.fraction`)} />
                    <Button type="button" variant="ghost" className="mt-6" onClick={() => setDiscounts(discounts.filter((_, j) => j !== i))}>Remove<span className="sr-only"> discount {i + 1}</span></Button>
                  </div>
                ))}
                <Button type="button" variant="secondary" onClick={() => setDiscounts([...discounts, { name: "Launch discount", percent: "10" }])}>Add discount</Button>
              </fieldset>
            </>
          )}

          {step === 4 && (
            <fieldset className="space-y-3">
              <legend className="text-sm font-semibold text-slate-900">Commits and credits</legend>
              <p className="text-sm text-slate-500">A prepaid commit is invoiced once when its access starts and draws down against usage; a credit is free. A recurring commit or credit grants its amount again each billing period (a recurring commit is invoiced each period). Lower priority draws first.</p>
              {balances.map((b, i) => {
                const path = `${BALANCE_PATH[b.kind]}.${kindIndex(i)}`;
                const isRecurring = RECURRING.includes(b.kind);
                const set = (patch: Partial<BalanceDraft>) => setBalances(balances.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                return (
                  <div key={i} className="grid items-start gap-3 rounded-lg border border-slate-200 p-3 md:grid-cols-3">
                    <SelectField label="Kind" id={`balances-${i}-kind`} name={`${path}.kind`} value={b.kind} onChange={(e) => set({ kind: e.target.value as BalanceDraft["kind"] })} options={[{ value: "PREPAID", label: "Prepaid commit" }, { value: "CREDIT", label: "Credit (free)" }, { value: "RECURRING_COMMIT", label: "Recurring commit (each period)" }, { value: "RECURRING_CREDIT", label: "Recurring credit (each period)" }]} />
                    <SelectField label="Product (invoice line)" id={`balances-${i}-product`} name={`${path}.product_id`} value={b.productId} onChange={(e) => set({ productId: e.target.value })} options={fixedProducts.map((p) => ({ value: p.id, label: p.name }))} error={error(`${path}.product_id`)} />
                    <TextField label={isRecurring ? `Amount each period (${inputUnitLabel(unit)})` : `Amount (${inputUnitLabel(unit)})`} id={`balances-${i}-amount`} name={`${path}.amount`} inputMode="decimal" value={b.amount} onChange={(e) => set({ amount: e.target.value })} error={error(isRecurring ? `${path}.access_amount.unit_price` : `${path}.access_schedule.schedule_items.0.amount`) ?? error(`${path}.invoice_amount.unit_price`)} />
                    <TextField label="Name (optional)" id={`balances-${i}-name`} name={`${path}.name`} value={b.name} onChange={(e) => set({ name: e.target.value })} error={error(`${path}.name`)} />
                    <TextField label={isRecurring ? "Recurs from (UTC)" : "Access from (UTC)"} id={`balances-${i}-start`} name={`${path}.starting_at`} type="date" value={b.start} onChange={(e) => set({ start: e.target.value })} error={error(isRecurring ? `${path}.starting_at` : `${path}.access_schedule.schedule_items.0.starting_at`) ?? error(`${path}.invoice_schedule`)} />
                    <TextField label={isRecurring ? "Recurs until (UTC, exclusive, optional)" : "Access until (UTC, exclusive)"} id={`balances-${i}-end`} name={`${path}.ending_before`} type="date" value={b.end} onChange={(e) => set({ end: e.target.value })} hint={isRecurring ? "Empty: until the contract ends." : undefined} error={error(isRecurring ? `${path}.ending_before` : `${path}.access_schedule.schedule_items.0.ending_before`) ?? error(`${path}.access_schedule`)} />
                    <TextField label="Priority" id={`balances-${i}-priority`} name={`${path}.priority`} inputMode="decimal" value={b.priority} onChange={(e) => set({ priority: e.target.value })} error={error(`${path}.priority`)} />
                    {isRecurring && (
                      <>
                        <SelectField label="Prorate" id={`balances-${i}-proration`} name={`${path}.proration`} value={b.proration} onChange={(e) => set({ proration: e.target.value as BalanceDraft["proration"] })} options={[{ value: "FIRST_AND_LAST", label: "First and last periods" }, { value: "FIRST", label: "First period" }, { value: "LAST", label: "Last period" }, { value: "NONE", label: "Never (full amount)" }]} hint="A period the balance covers only in part grants a share of the amount." error={error(`${path}.proration`)} />
                        <TextField label="Rolls over (% of what is left, optional)" id={`balances-${i}-rollover`} name={`${path}.rollover_fraction`} inputMode="decimal" value={b.rollover} onChange={(e) => set({ rollover: e.target.value })} hint="Empty: what is left at a period's end expires." error={error(`${path}.rollover_fraction`)} />
                      </>
                    )}
                    <div className={`md:text-right ${isRecurring ? "md:col-span-3" : "md:col-span-2"}`}>
                      <Button type="button" variant="ghost" className="mt-6" onClick={() => setBalances(balances.filter((_, j) => j !== i))}>Remove<span className="sr-only"> balance {i + 1}</span></Button>
                    </div>
                  </div>
                );
              })}
              <div className="flex flex-wrap gap-2">
                {(["PREPAID", "CREDIT", "RECURRING_COMMIT", "RECURRING_CREDIT"] as const).map((kind) => (
                  <Button key={kind} type="button" variant="secondary" disabled={!fixedProducts.length} onClick={() => setBalances([...balances, newBalance(kind)])}>Add {BALANCE_LABEL[kind].toLowerCase()}</Button>
                ))}
              </div>
            </fieldset>
          )}
          {step === 4 && (
            <fieldset className="space-y-3">
              <legend className="text-sm font-semibold text-slate-900">Billing triggers</legend>
              <TriggerFields
                label="Threshold billing"
                hint="Invoice at once when the period's unbilled spend reaches an amount; the usage invoice then continues from zero."
                prefix="spend_threshold_configuration"
                draft={spendTrigger}
                set={setSpendTrigger}
                {...triggerContext}
              />
              <TriggerFields
                label="Auto-recharge"
                hint="When the prepaid balance falls to an amount, buy it back up (a prepaid commit, invoiced at once)."
                prefix="prepaid_balance_threshold_configuration"
                draft={recharge}
                set={setRecharge}
                {...triggerContext}
                recharges
              />
            </fieldset>
          )}

          {step === 5 && (
            <>
              <fieldset className="space-y-3">
                <legend className="text-sm font-semibold text-slate-900">Subscriptions</legend>
                <p className="text-sm text-slate-500">Seats or plans billed each period at the rate card's subscription price.</p>
                {subscriptions.map((s, i) => {
                  const set = (patch: Partial<SubscriptionDraft>) => setSubscriptions(subscriptions.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                  return (
                    <div key={i} className="grid items-start gap-3 rounded-lg border border-slate-200 p-3 md:grid-cols-[1fr_8rem_10rem_10rem_auto]">
                      <SelectField label="Product" id={`subscriptions-${i}-product`} name={`subscriptions.${i}.product_id`} value={s.productId} onChange={(e) => set({ productId: e.target.value })} options={seatProducts.map((p) => ({ value: p.id, label: p.name }))} error={error(`subscriptions.${i}.subscription_rate`)} />
                      <TextField label="Seats" id={`subscriptions-${i}-quantity`} name={`subscriptions.${i}.initial_quantity`} inputMode="numeric" value={s.quantity} onChange={(e) => set({ quantity: e.target.value })} error={error(`subscriptions.${i}.initial_quantity`)} />
                      <SelectField label="Billed" id={`subscriptions-${i}-collection`} name={`subscriptions.${i}.collection_schedule`} value={s.collection} onChange={(e) => set({ collection: e.target.value as SubscriptionDraft["collection"] })} options={[{ value: "ADVANCE", label: "In advance" }, { value: "ARREARS", label: "In arrears" }]} />
                      <SelectField label="Every" id={`subscriptions-${i}-frequency`} name={`subscriptions.${i}.billing_frequency`} value={s.frequency} onChange={(e) => set({ frequency: e.target.value as SubscriptionDraft["frequency"] })} options={[{ value: "MONTHLY", label: "Month" }, { value: "QUARTERLY", label: "Quarter" }, { value: "ANNUAL", label: "Year" }]} />
                      <Button type="button" variant="ghost" className="mt-6" onClick={() => setSubscriptions(subscriptions.filter((_, j) => j !== i))}>Remove<span className="sr-only"> subscription {i + 1}</span></Button>
                    </div>
                  );
                })}
                <Button type="button" variant="secondary" disabled={!seatProducts.length} onClick={() => setSubscriptions([...subscriptions, { productId: seatProducts[0]?.id ?? "", quantity: "10", collection: "ADVANCE", frequency: "MONTHLY" }])}>Add subscription</Button>
              </fieldset>
              <fieldset className="space-y-3">
                <legend className="text-sm font-semibold text-slate-900">Scheduled charges</legend>
                <p className="text-sm text-slate-500">One-off fees (onboarding, support) invoiced on a date.</p>
                {charges.map((c, i) => {
                  const set = (patch: Partial<ChargeDraft>) => setCharges(charges.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                  return (
                    <div key={i} className="grid items-start gap-3 rounded-lg border border-slate-200 p-3 md:grid-cols-[1fr_10rem_10rem_auto]">
                      <SelectField label="Product" id={`charges-${i}-product`} name={`scheduled_charges.${i}.product_id`} value={c.productId} onChange={(e) => set({ productId: e.target.value })} options={fixedProducts.map((p) => ({ value: p.id, label: p.name }))} error={error(`scheduled_charges.${i}.product_id`)} />
                      <TextField label="On (UTC)" id={`charges-${i}-date`} name={`scheduled_charges.${i}.timestamp`} type="date" value={c.date} onChange={(e) => set({ date: e.target.value })} error={error(`scheduled_charges.${i}.schedule`)} />
                      <TextField label={`Amount (${inputUnitLabel(unit)})`} id={`charges-${i}-amount`} name={`scheduled_charges.${i}.amount`} inputMode="decimal" value={c.amount} onChange={(e) => set({ amount: e.target.value })} error={error(`scheduled_charges.${i}.schedule.schedule_items.0.amount`)} />
                      <Button type="button" variant="ghost" className="mt-6" onClick={() => setCharges(charges.filter((_, j) => j !== i))}>Remove<span className="sr-only"> charge {i + 1}</span></Button>
                    </div>
                  );
                })}
                <Button type="button" variant="secondary" disabled={!fixedProducts.length} onClick={() => setCharges([...charges, { productId: fixedProducts[0]?.id ?? "", date: start, amount: "" }])}>Add scheduled charge</Button>
              </fieldset>
            </>
          )}

          {step === 6 && (
            <div className="space-y-5">
              <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
                <dt className="text-slate-500">Customer</dt>
                <dd className="font-medium text-slate-900">{customers.find((c) => c.id === customerId)?.name ?? "—"}{name && ` · ${name}`}</dd>
                <dt className="text-slate-500">Rate card</dt>
                <dd className="text-slate-900">{card?.name ?? "—"}</dd>
                <dt className="text-slate-500">Dates</dt>
                <dd className="text-slate-900">From {start || "—"}{end ? `, ending before ${end}` : ", open-ended"} · billed {frequency.toLowerCase()} · net {terms}</dd>
                <dt className="text-slate-500">Usage filter</dt>
                <dd className="text-slate-900">{filterKey.trim() ? `${filterKey.trim()} = ${splitGroupValues(filterValues).join(", ")}` : "None: all of the customer's usage"}</dd>
                <dt className="text-slate-500">Overrides</dt>
                <dd className="text-slate-900">{overrides.length ? overrides.map((o) => `${productName(o.productId)} ${o.type === "MULTIPLIER" ? `× ${o.value}` : `at ${o.value}`}`).join("; ") : "None"}{discounts.length ? `; ${discounts.map((d) => `${d.name} (${d.percent}% off)`).join("; ")}` : ""}</dd>
                <dt className="text-slate-500">Commits and credits</dt>
                <dd className="text-slate-900">{balances.length ? balances.map((b) => `${BALANCE_LABEL[b.kind]} of ${shown(b.amount)}${RECURRING.includes(b.kind) ? " each period" : ""} (${b.start} – ${b.end || "the contract's end"})`).join("; ") : "None"}</dd>
                <dt className="text-slate-500">Billing triggers</dt>
                <dd className="text-slate-900">{[spendTrigger.on && `Invoice when unbilled spend reaches ${shown(spendTrigger.threshold)}`, recharge.on && `Recharge to ${shown(recharge.rechargeTo)} when the prepaid balance falls to ${shown(recharge.threshold)}`].filter(Boolean).join("; ") || "None"}{contractValue.trim() ? ` · total contract value ${shown(contractValue)}` : ""}</dd>
                <dt className="text-slate-500">Subscriptions</dt>
                <dd className="text-slate-900">{subscriptions.length ? subscriptions.map((s) => `${s.quantity} × ${productName(s.productId)}`).join("; ") : "None"}{charges.length ? `; ${charges.map((c) => `${productName(c.productId)} on ${c.date}`).join("; ")}` : ""}</dd>
              </dl>
              <div>
                <div className="mb-2 flex items-center justify-between gap-3">
                  <h3 className="text-sm font-semibold text-slate-900">Projected first invoices</h3>
                  <Button type="button" variant="secondary" disabled={busy} onClick={() => send(runPreview)}>{previewing ? "Computing…" : "Recompute"}</Button>
                </div>
                <div aria-live="polite" aria-busy={previewing}>
                  {previewing && !preview.result && <p className="text-sm text-slate-500">Pricing the first period with the billing engine…</p>}
                  {preview.ok && preview.result && (
                    <>
                      <div className="space-y-4">
                        {preview.result.scheduled.map((invoice) => (
                          <InvoiceDocument key={invoice.id} invoice={invoice} customerName={customers.find((c) => c.id === customerId)?.name ?? ""} contractName={name || null} caption={`Scheduled invoice, issued ${invoice.startTimestamp.slice(0, 10)}`} />
                        ))}
                        <InvoiceDocument invoice={preview.result.usage} customerName={customers.find((c) => c.id === customerId)?.name ?? ""} contractName={name || null} caption="Projected first usage invoice" />
                      </div>
                      <p className="mt-2 text-xs text-slate-500">Computed by the billing engine from these terms and the usage stored for the period so far; nothing has been saved yet. Scheduled charges and commit purchases are billed on their own invoices, on their dates.</p>
                    </>
                  )}
                </div>
              </div>
            </div>
          )}

          <FormMessage state={shownErrors.ok === false ? shownErrors : created} />
        </div>
        <footer className="flex items-center justify-between gap-3 border-t border-slate-100 px-5 py-4">
          <Button type="button" variant="secondary" disabled={step === 0} onClick={() => go(step - 1)}>Back</Button>
          {step < STEPS.length - 1 ? (
            <Button type="button" onClick={() => go(step + 1)}>{step === STEPS.length - 2 ? "Review contract" : "Next"}</Button>
          ) : (
            <Button type="button" disabled={busy || created.ok === true} onClick={() => send(create)}>{creating ? "Creating…" : "Create contract"}</Button>
          )}
        </footer>
      </section>
    </div>
  );
}

function TriggerFields({
  label,
  hint,
  prefix,
  draft,
  set,
  products,
  unit,
  error,
  recharges = false,
}: {
  label: string;
  hint: string;
  prefix: string;
  draft: TriggerDraft;
  set: (draft: TriggerDraft) => void;
  products: ProductOption[];
  unit: CreditUnit;
  error: (path: string) => string | undefined;
  recharges?: boolean;
}) {
  const id = prefix.replaceAll("_", "-");
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 p-3">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5" checked={draft.on} onChange={(e) => set({ ...draft, on: e.target.checked, productId: draft.productId || (products[0]?.id ?? "") })} />
        <span><span className="font-medium text-slate-900">{label}</span> <span className="text-slate-500">{hint}</span></span>
      </label>
      {draft.on && (
        <div className="grid items-start gap-3 md:grid-cols-3">
          <SelectField label="Product (invoice line)" id={`${id}-product`} name={`${prefix}.commit.product_id`} value={draft.productId} onChange={(e) => set({ ...draft, productId: e.target.value })} options={products.map((p) => ({ value: p.id, label: p.name }))} error={error(`${prefix}.commit.product_id`) ?? error(`${prefix}.commit`)} />
          <TextField label={`${recharges ? "When the balance falls to" : "When unbilled spend reaches"} (${inputUnitLabel(unit)})`} id={`${id}-threshold`} name={`${prefix}.threshold_amount`} inputMode="decimal" value={draft.threshold} onChange={(e) => set({ ...draft, threshold: e.target.value })} error={error(`${prefix}.threshold_amount`) ?? error(prefix)} />
          {recharges && (
            <TextField label={`Recharge up to (${inputUnitLabel(unit)})`} id={`${id}-recharge-to`} name={`${prefix}.recharge_to_amount`} inputMode="decimal" value={draft.rechargeTo} onChange={(e) => set({ ...draft, rechargeTo: e.target.value })} error={error(`${prefix}.recharge_to_amount`)} />
          )}
        </div>
      )}
    </div>
  );
}
