"use server";

import { revalidatePath } from "next/cache";
import { serverAction } from "@/lib/server/action";
import { nameList, optional } from "@/lib/server/form-fields";
import { archiveCustomer } from "@/lib/services/customers/archive-customer";
import { createCustomer } from "@/lib/services/customers/create-customer";
import { setCustomerName } from "@/lib/services/customers/set-customer-name";
import { setIngestAliases } from "@/lib/services/customers/set-ingest-aliases";

const refresh = <T,>(customerId: string, result: T) => {
  revalidatePath("/customers");
  revalidatePath(`/customers/${customerId}`);
  return result;
};

export const createCustomerAction = serverAction(
  async (ctx, input) => {
    const stripe = optional(input.stripe_customer_id);
    const customer = await createCustomer(ctx, {
      name: input.name ?? "",
      ingest_aliases: nameList(input.ingest_aliases),
      ...(stripe ? { billing_config: { billing_provider_type: "stripe", billing_provider_customer_id: stripe } } : {}),
    });
    return refresh(customer.id, { id: customer.id, name: customer.name });
  },
  (customer) => `Created ${customer.name}.`,
);

export const setIngestAliasesAction = serverAction(
  async (ctx, input) => {
    const customer = await setIngestAliases(ctx, input.id ?? "", { ingest_aliases: nameList(input.ingest_aliases) });
    return refresh(customer.id, { ingestAliases: customer.ingestAliases });
  },
  () => "Ingest aliases saved.",
);

export const setCustomerNameAction = serverAction(
  async (ctx, input) => {
    const customer = await setCustomerName(ctx, input.id ?? "", { name: input.name ?? "" });
    return refresh(customer.id, { name: customer.name });
  },
  (customer) => `Renamed to ${customer.name}.`,
);

export const archiveCustomerAction = serverAction(
  async (ctx, input) => {
    const customer = await archiveCustomer(ctx, { id: input.id ?? "" });
    return refresh(customer.id, { id: customer.id });
  },
  () => "Archived.",
);
