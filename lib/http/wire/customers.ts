import type { Customer, CustomerDetail } from "@metronome/sdk/resources/v1/customers/customers";
import type { CustomerRecord } from "@/lib/services/customers/customer-record";

// Customers on Metronome's wire. The SDK's own types check the shapes at compile time.

/** Metronome: "the first ID (Metronome or ingest alias) that can be used in usage events". */
function externalId(customer: CustomerRecord): string {
  return customer.externalId ?? customer.ingestAliases[0] ?? customer.id;
}

export function customerToWire(customer: CustomerRecord) {
  return {
    id: customer.id,
    external_id: externalId(customer),
    ingest_aliases: customer.ingestAliases,
    name: customer.name,
    custom_fields: customer.customFields,
  } satisfies Customer;
}

/**
 * A customer is billable from its creation until it is archived (archiving ends its contracts and
 * voids its drafts); Rateline has no other switch for it.
 */
function currentBillableStatus(customer: CustomerRecord) {
  return customer.archivedAt
    ? { value: "unbillable" as const, effective_at: customer.archivedAt.toISOString() }
    : { value: "billable" as const, effective_at: customer.createdAt.toISOString() };
}

export function customerDetailToWire(customer: CustomerRecord) {
  return {
    id: customer.id,
    created_at: customer.createdAt.toISOString(),
    updated_at: customer.updatedAt.toISOString(),
    archived_at: customer.archivedAt?.toISOString() ?? null,
    external_id: externalId(customer),
    ingest_aliases: customer.ingestAliases,
    name: customer.name,
    custom_fields: customer.customFields,
    customer_config: { salesforce_account_id: customer.salesforceAccountId },
    current_billable_status: currentBillableStatus(customer),
  } satisfies CustomerDetail;
}
