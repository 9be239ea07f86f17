import { z } from "zod";
import { ZId } from "@/lib/services/zod-fields";

// POST /v1/dashboards/getEmbeddableUrl: Metronome's body, plus our `expires_in_seconds`.

export const PORTAL_LINK_DEFAULT_TTL_S = 24 * 3600;
export const PORTAL_LINK_MAX_TTL_S = 30 * 24 * 3600;

const COLOR_NAMES = [
  "Gray_dark", "Gray_medium", "Gray_light", "Gray_extralight", "White", "Primary_medium", "Primary_light",
  "UsageLine_0", "UsageLine_1", "UsageLine_2", "UsageLine_3", "UsageLine_4", "UsageLine_5", "UsageLine_6", "UsageLine_7",
  "UsageLine_8", "UsageLine_9", "Primary_green", "Primary_red", "Progress_bar", "Progress_bar_background", "Action", "Action_hover",
] as const;

const OPTION_KEYS = [
  "show_zero_usage_line_items", "contract_id", "invoice_type", "invoice_status_filter", "hide_voided_invoices",
  "billable_status_filter", "hide_grant_name", "credit_ledger_credit_type_id",
] as const;

// Colours end up in a style attribute, so only plain hex colours are accepted.
const ZHexColor = z.string().trim().regex(/^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i, "Must be a hex colour such as #3b54d6");

export const ZGetEmbeddableUrl = z.object({
  customer_id: ZId,
  dashboard: z.enum(["usage", "credits", "commits_and_credits", "invoices"]).transform((d) => (d === "commits_and_credits" ? "credits" : d)),
  color_overrides: z.array(z.object({ name: z.enum(COLOR_NAMES), value: ZHexColor })).max(COLOR_NAMES.length).optional(),
  dashboard_options: z.array(z.object({ key: z.enum(OPTION_KEYS), value: z.string().max(200) })).max(OPTION_KEYS.length).optional(),
  // Accepted for Metronome compatibility; group values are shown as they are.
  bm_group_key_overrides: z.array(z.unknown()).optional(),
  expires_in_seconds: z.number().int().min(60).max(PORTAL_LINK_MAX_TTL_S).default(PORTAL_LINK_DEFAULT_TTL_S),
});
export type TGetEmbeddableUrl = z.input<typeof ZGetEmbeddableUrl>;

export const ZRevokePortalLinks = z.object({ customer_id: ZId });
export type TRevokePortalLinks = z.input<typeof ZRevokePortalLinks>;
