import { refusedEndpoint } from "@/lib/http/api-methods";

// Refused by design (scripts/sdk-methods.ts keeps the same reason for the README's table).
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = refusedEndpoint(
  "POST /v1/upsertAvalaraCredentials is not supported: Rateline calculates no taxes, through Avalara or otherwise (its invoices carry no tax lines), so it keeps no Avalara credentials.",
);
