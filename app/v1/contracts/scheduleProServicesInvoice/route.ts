import type { ContractScheduleProServicesInvoiceResponse } from "@metronome/sdk/resources/v1/contracts/contracts";
import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { invoiceToWire } from "@/lib/http/wire/invoices";
import type { OnWire } from "@/lib/http/wire/sdk-shape";
import { scheduleProServicesInvoice } from "@/lib/services/invoices/schedule-pro-services-invoice";
import type { TScheduleProServicesInvoice } from "@/lib/services/invoices/schemas";

export const POST = apiRoute(async ({ ctx, body }) => {
  const invoices = await scheduleProServicesInvoice(ctx, (await body()) as TScheduleProServicesInvoice);
  return { data: invoices.map(invoiceToWire) } satisfies OnWire<ContractScheduleProServicesInvoiceResponse>;
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
