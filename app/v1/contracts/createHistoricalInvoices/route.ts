import type { ContractCreateHistoricalInvoicesResponse } from "@metronome/sdk/resources/v1/contracts/contracts";
import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { invoiceToWire } from "@/lib/http/wire/invoices";
import type { OnWire } from "@/lib/http/wire/sdk-shape";
import { createHistoricalInvoices } from "@/lib/services/invoices/create-historical-invoices";
import type { TCreateHistoricalInvoices } from "@/lib/services/invoices/schemas";

export const POST = apiRoute(async ({ ctx, body }) => {
  const invoices = await createHistoricalInvoices(ctx, (await body()) as TCreateHistoricalInvoices);
  return { data: invoices.map(invoiceToWire) } satisfies OnWire<ContractCreateHistoricalInvoicesResponse>;
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
