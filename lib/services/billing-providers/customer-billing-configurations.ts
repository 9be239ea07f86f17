import type { Prisma } from "@/lib/db/generated/client";

export const CONFIGURATION_SELECT = {
  id: true,
  customerId: true,
  provider: true,
  externalId: true,
  configuration: true,
  deliveryMethod: true,
  deliveryMethodId: true,
  archivedAt: true,
} as const satisfies Prisma.BillingProviderSelect;

export type CustomerBillingConfiguration = Prisma.BillingProviderGetPayload<{ select: typeof CONFIGURATION_SELECT }>;
