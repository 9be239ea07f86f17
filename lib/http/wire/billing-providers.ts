import type {
  CustomerRetrieveBillingConfigurationsResponse,
  CustomerSetBillingConfigurationsResponse,
} from "@metronome/sdk/resources/v1/customers/customers";
import type { BillingProviderListResponse } from "@metronome/sdk/resources/v1/settings/billing-providers";
import type { ServiceListResponse } from "@metronome/sdk/resources/v1/services";
import type { CustomerBillingConfiguration } from "@/lib/services/billing-providers/customer-billing-configurations";
import { builtInDeliveryMethodId } from "@/lib/services/billing-providers/delivery-methods";
import type { listServices } from "@/lib/services/settings/list-services";
import type { ConfiguredBillingProvider } from "@/lib/services/settings/list-configured-billing-providers";

// Billing provider configurations and set-ups on Metronome's wire. The SDK's types check the shapes.

type Provider = CustomerRetrieveBillingConfigurationsResponse.Data["billing_provider"];
type DeliveryMethod = CustomerRetrieveBillingConfigurationsResponse.Data["delivery_method"];

const configurationOf = (c: CustomerBillingConfiguration) => (c.configuration ?? {}) as Record<string, unknown>;
const deliveryMethodIdOf = (c: CustomerBillingConfiguration) => c.deliveryMethodId ?? builtInDeliveryMethodId(c.provider);

export function createdBillingConfigurationToWire(c: CustomerBillingConfiguration) {
  return {
    id: c.id,
    billing_provider: c.provider as Provider,
    configuration: configurationOf(c),
    customer_id: c.customerId,
    delivery_method_id: deliveryMethodIdOf(c),
  } satisfies CustomerSetBillingConfigurationsResponse.Data;
}

export function billingConfigurationToWire(c: CustomerBillingConfiguration) {
  return {
    id: c.id,
    archived_at: c.archivedAt?.toISOString() ?? null,
    billing_provider: c.provider as Provider,
    configuration: configurationOf(c),
    customer_id: c.customerId,
    delivery_method: c.deliveryMethod as DeliveryMethod,
    delivery_method_configuration: {},
    delivery_method_id: deliveryMethodIdOf(c),
  } satisfies CustomerRetrieveBillingConfigurationsResponse.Data;
}

export function configuredBillingProviderToWire(m: ConfiguredBillingProvider) {
  return {
    billing_provider: m.provider as Provider,
    delivery_method: m.deliveryMethod as DeliveryMethod,
    // Metronome: "some configuration may be omitted for security reasons"; Rateline omits it all.
    delivery_method_configuration: {},
    delivery_method_id: m.id,
  } satisfies BillingProviderListResponse.Data;
}

export function serviceToWire(s: ReturnType<typeof listServices>[number]) {
  return { name: s.name, ips: s.ips, usage: s.usage } satisfies ServiceListResponse.Service;
}
