import { createHmac } from "node:crypto";

// Deliveries are signed the way @metronome/sdk's `webhooks.unwrap` checks them: HMAC-SHA256,
// keyed with the endpoint's secret, of the date header, a newline and the raw body, hex-encoded
// in Metronome-Webhook-Signature. The SDK reads the date from X-Metronome-Date; Date carries the
// same value for receivers that follow the plain description.

export type WebhookEvent = { id: string; type: string; payload: unknown; createdAt: Date };

/** The JSON body of an event, the same on every attempt so receivers can dedupe by `id`. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.createdAt.toISOString(), properties: event.payload });
}

export function webhookSignature(body: string, date: string, secret: string): string {
  return createHmac("sha256", secret).update(`${date}\n${body}`, "utf8").digest("hex");
}

/** Headers of a delivery signed at `sentAt`: the receiver checks it against its own clock. */
export function signedHeaders(body: string, secret: string, sentAt: Date): Record<string, string> {
  const date = sentAt.toUTCString();
  return {
    "Content-Type": "application/json",
    "User-Agent": "Rateline-Webhooks",
    Date: date,
    "X-Metronome-Date": date,
    "Metronome-Webhook-Signature": webhookSignature(body, date, secret),
  };
}
