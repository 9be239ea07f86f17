import { randomBytes } from "node:crypto";
import { NextResponse } from "next/server";
import { Decimal } from "@/lib/billing/decimal";

// Metronome's wire format carries quantities and amounts as JSON numbers. A JS number would round
// them, so a Decimal in a response body is written as a number literal with its exact digits:
// clients that parse big numbers get every digit, and the SDK's JSON.parse gets the nearest double.

export function stringifyWire(body: unknown): string {
  // A fresh nonce per call, so no string in the body can pass for a marked Decimal.
  const nonce = randomBytes(8).toString("hex");
  const marked = new RegExp(`"${nonce}:(-?[0-9.]+)"`, "g");
  return JSON.stringify(body, function (this: Record<string, unknown>, key, value) {
    const original = this[key];
    return Decimal.isDecimal(original) ? `${nonce}:${(original as Decimal).toFixed()}` : value;
  }).replace(marked, "$1");
}

/** A JSON response whose Decimals are exact number literals. */
export function wireJson(body: unknown, status = 200): NextResponse {
  return new NextResponse(stringifyWire(body), { status, headers: { "content-type": "application/json" } });
}
