"use server";

import { revalidatePath } from "next/cache";
import { toInvoiceView } from "@/components/invoices/invoice-view";
import { AppError } from "@/lib/errors";
import { serverAction } from "@/lib/server/action";
import { jsonField } from "@/lib/server/form-fields";
import { createContract } from "@/lib/services/contracts/create-contract";
import { editContract } from "@/lib/services/contracts/edit-contract";
import { previewContract, previewContractEdit } from "@/lib/services/contracts/preview-contract";
import type { TCreateContract, TEditContract } from "@/lib/services/contracts/schemas";
import { setUsageFilter } from "@/lib/services/contracts/set-usage-filter";
import { splitGroupValues } from "./contract-text";

// The contract forms build Metronome's body (the same ZCreateContract / ZEditContract the REST API
// validates) in the browser and send it as one JSON field; the services validate and answer with
// field errors keyed by the body's paths, which the forms show beside their inputs.

const createBody = (input: Record<string, string>) => (jsonField(input.body) ?? {}) as TCreateContract;
const editBody = (input: Record<string, string>) => (jsonField(input.body) ?? {}) as TEditContract;

/** When an edit takes effect: the form's date, as the instant the preview prices. */
function effectiveAt(input: Record<string, string>): Date {
  const at = new Date(input.effective_at ?? "");
  if (Number.isNaN(at.getTime())) throw new AppError("bad_request", "Give the date the change takes effect.", { effective_at: "Give a date" });
  return at;
}

export const previewContractAction = serverAction(async (ctx, input) => {
  const { usage, scheduled } = await previewContract(ctx, createBody(input));
  return { usage: toInvoiceView(usage), scheduled: scheduled.map(toInvoiceView) };
});

export const createContractAction = serverAction(
  async (ctx, input) => {
    const { id } = await createContract(ctx, createBody(input));
    revalidatePath("/contracts");
    revalidatePath("/invoices");
    return { id };
  },
  () => "Contract created.",
);

export const previewEditAction = serverAction(async (ctx, input) => {
  const preview = await previewContractEdit(ctx, editBody(input), effectiveAt(input));
  return { before: toInvoiceView(preview.before), after: toInvoiceView(preview.after), at: preview.at.toISOString() };
});

export const editContractAction = serverAction(
  async (ctx, input) => {
    const body = editBody(input);
    const result = await editContract(ctx, body);
    revalidatePath(`/contracts/${result.id}`);
    revalidatePath("/contracts");
    revalidatePath("/invoices");
    return { id: result.id };
  },
  () => "Change saved. The draft invoice follows it now.",
);

/** The contract page's usage filter form: the filter from a date on (the REST API's setUsageFilter). */
export const setUsageFilterAction = serverAction(
  async (ctx, input) => {
    const result = await setUsageFilter(ctx, {
      customer_id: input.customer_id ?? "",
      contract_id: input.contract_id ?? "",
      group_key: input.group_key ?? "",
      group_values: splitGroupValues(input.group_values ?? ""),
      starting_at: input.starting_at ? `${input.starting_at}T00:00:00Z` : "",
    });
    revalidatePath(`/contracts/${result.id}`);
    revalidatePath("/invoices");
    return result;
  },
  () => "Usage filter set. The draft invoices follow it now.",
);
