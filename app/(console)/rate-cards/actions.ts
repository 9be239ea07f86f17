"use server";

import { revalidatePath } from "next/cache";
import { fromInputAmount } from "@/lib/format-money";
import { serverAction } from "@/lib/server/action";
import { jsonField, nameList, optional, utcInstant } from "@/lib/server/form-fields";
import { ratePriceField, rateTiersField } from "@/lib/server/rate-form-fields";
import type { ServiceContext } from "@/lib/services/context";
import { createCreditType } from "@/lib/services/credit-types/create-credit-type";
import { listCreditTypes } from "@/lib/services/credit-types/list-credit-types";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { addPromotionalRate } from "@/lib/services/rate-cards/add-promotional-rate";
import { addRate } from "@/lib/services/rate-cards/add-rate";
import { archiveRateCard } from "@/lib/services/rate-cards/archive-rate-card";
import { createRateCard } from "@/lib/services/rate-cards/create-rate-card";
import { duplicateRateCard } from "@/lib/services/rate-cards/duplicate-rate-card";
import { getRateCard } from "@/lib/services/rate-cards/get-rate-card";
import { moveRateCardProducts } from "@/lib/services/rate-cards/move-rate-card-products";
import type { TAddRate } from "@/lib/services/rate-cards/schemas";
import { updateRateCard } from "@/lib/services/rate-cards/update-rate-card";

const refresh = <T,>(rateCardId: string | null, result: T) => {
  revalidatePath("/rate-cards");
  if (rateCardId) revalidatePath(`/rate-cards/${rateCardId}`, "layout");
  revalidatePath("/products", "layout");
  return result;
};

/**
 * The pricing units ticked on a card's form (`conversion:<id>` checkboxes), each converted at the
 * unit's own fiat rate: the console offers the rate set when the unit was defined.
 */
async function tickedConversions(ctx: ServiceContext, input: Record<string, string>) {
  const ids = Object.keys(input).filter((key) => key.startsWith("conversion:")).map((key) => key.slice("conversion:".length));
  if (!ids.length) return [];
  const units = (await listCreditTypes(ctx, { limit: 100 })).data;
  return ids.map((id) => ({ custom_credit_type_id: id, fiat_per_custom_credit: units.find((u) => u.id === id)?.fiatConversionRate?.toFixed() ?? "" }));
}

export const createRateCardAction = serverAction(
  async (ctx, input) => {
    const card = await createRateCard(ctx, {
      name: input.name ?? "",
      description: optional(input.description),
      aliases: nameList(input.aliases).map((name) => ({ name })),
      credit_type_conversions: await tickedConversions(ctx, input),
    });
    return refresh(card.id, { id: card.id, name: card.name });
  },
  (card) => `Created “${card.name}”.`,
);

export const updateRateCardAction = serverAction(
  async (ctx, input) => {
    const current = await getRateCard(ctx, { id: input.id ?? "" });
    // The form edits alias names; an alias it keeps keeps its schedule.
    const aliases = [...new Set(nameList(input.aliases))].flatMap((name) => {
      const kept = current.aliases.filter((a) => a.name === name);
      return kept.length
        ? kept.map((a) => ({ name, starting_at: a.startingAt?.toISOString(), ending_before: a.endingBefore?.toISOString() }))
        : [{ name }];
    });
    const card = await updateRateCard(ctx, {
      rate_card_id: current.id,
      name: input.name ?? "",
      description: input.description ?? "",
      aliases,
      add_credit_type_conversions: await tickedConversions(ctx, input),
    });
    return refresh(card.id, { id: card.id });
  },
  () => "Saved.",
);

export const duplicateRateCardAction = serverAction(
  async (ctx, input) => {
    const card = await duplicateRateCard(ctx, { rate_card_id: input.id ?? "", name: input.name ?? "" });
    return refresh(card.id, { id: card.id, name: card.name });
  },
  (card) => `Created “${card.name}”.`,
);

export const archiveRateCardAction = serverAction(
  async (ctx, input) => {
    const card = await archiveRateCard(ctx, { id: input.id ?? "" });
    return refresh(card.id, { id: card.id });
  },
  () => "Archived.",
);

/**
 * The rate form's fields as addRate's body. Amounts are typed in the rate's credit type as people
 * read it (dollars for USD cents) and sent in the API's unit. The form only renders the fields of
 * the chosen rate type, so the body carries only those.
 */
function rateBody(input: Record<string, string>): TAddRate {
  const unit = { id: input.credit_type_id || USD_CENTS.id, name: "" };
  const amount = (name: string) => {
    const text = optional(input[name]);
    return text === undefined ? undefined : fromInputAmount(text, unit);
  };
  return {
    rate_card_id: input.rate_card_id ?? "",
    product_id: input.product_id ?? "",
    entitled: input.entitled === "true",
    rate_type: (input.rate_type ?? "") as TAddRate["rate_type"],
    starting_at: utcInstant(input.starting_at) ?? "",
    ending_before: utcInstant(input.ending_before),
    credit_type_id: optional(input.credit_type_id),
    price: ratePriceField(input.rate_type, input.price, unit),
    tiers: rateTiersField(input.tiers, unit),
    package_size: optional(input.package_size),
    package_rounding: optional(input.package_rounding) as TAddRate["package_rounding"],
    minimum: amount("minimum"),
    maximum: amount("maximum"),
    quantity: optional(input.quantity),
    is_prorated: input.rate_type === "SUBSCRIPTION" ? input.is_prorated === "true" : undefined,
    billing_frequency: optional(input.billing_frequency) as TAddRate["billing_frequency"],
    pricing_group_values: jsonField(input.pricing_group_values) as TAddRate["pricing_group_values"],
  };
}

export const addRateAction = serverAction(
  async (ctx, input) => {
    const body = rateBody(input);
    if (input.promotion === "true" && body.ending_before) await addPromotionalRate(ctx, body);
    else await addRate(ctx, body);
    return refresh(body.rate_card_id, { rateCardId: body.rate_card_id, productId: body.product_id });
  },
  () => "Rate added.",
);

export const createCreditTypeAction = serverAction(
  async (ctx, input) => {
    const unit = await createCreditType(ctx, {
      name: input.name ?? "",
      precision: input.precision ?? "",
      // Typed as dollars per unit; stored in the fiat credit type's unit (US cents).
      fiat_per_unit: fromInputAmount(input.fiat_per_unit ?? "", { id: USD_CENTS.id, name: "" }),
    });
    return refresh(null, { id: unit.id, name: unit.name });
  },
  (unit) => `Added the pricing unit “${unit.name}”.`,
);

/** The invoice-order list's Move up / Move down buttons: `move` is `<product id>:<new position>`. */
export const moveRateCardProductAction = serverAction(
  async (ctx, input) => {
    const [productId = "", position = ""] = (input.move ?? "").split(":");
    const rateCardId = input.rate_card_id ?? "";
    await moveRateCardProducts(ctx, { rate_card_id: rateCardId, product_moves: [{ product_id: productId, position: Number(position) }] });
    return refresh(rateCardId, { rateCardId });
  },
  () => "Invoice order saved.",
);
