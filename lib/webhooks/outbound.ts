import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { addressAllowed, hostIsAllowListed, isIpLiteral, urlHost, type AddressPolicy } from "./address-policy";

// Outbound webhook requests, checked where they connect. A URL checked only when it is saved can
// be pointed inward later (its DNS name re-pointed at 127.0.0.1, "DNS rebinding"), so every
// request resolves the host itself, refuses it if ANY of its addresses is not allowed, and
// connects to an address it checked: the check is the `lookup` function node:net calls, so there
// is no second resolution between checking and connecting. (An IP literal is never looked up by
// node:net, so it is checked before the request.) Redirects are not followed.

/** Refused by the address policy (code as node's own errors carry one). */
export class AddressNotAllowedError extends Error {
  override name = "AddressNotAllowedError";
  readonly code = "EADDRNOTALLOWED";
}

function refusal(host: string) {
  return new AddressNotAllowedError(`${host} is on a loopback, private, link-local or otherwise internal address.`);
}

type Resolver = (host: string) => Promise<LookupAddress[]>;
const resolveAll: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** Why a request to this URL would be refused, or null if it would be sent: for the endpoint form. */
export async function webhookUrlRefusal(url: URL, policy: AddressPolicy, resolve: Resolver = resolveAll): Promise<string | null> {
  const host = urlHost(url);
  if (hostIsAllowListed(host, policy)) return null;
  if (isIpLiteral(host)) return addressAllowed(host, policy) ? null : refusal(host).message;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    return `${host} does not resolve to an address.`;
  }
  return addresses.length > 0 && addresses.every((a) => addressAllowed(a.address, policy)) ? null : refusal(host).message;
}

/** A node:net lookup that answers only addresses the policy allows, and fails if any is not. */
export function checkedLookup(policy: AddressPolicy, resolve: Resolver = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = addresses.filter((a) => family === undefined || a.family === family);
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
        if (!hostIsAllowListed(hostname, policy) && !addresses.every((a) => addressAllowed(a.address, policy))) return callback(refusal(hostname), "", 0);
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

export type OutboundOptions = { policy: AddressPolicy; timeoutMs: number; resolve?: Resolver };

/** POSTs the body and answers the response's status (its body is discarded). Throws on any failure. */
export async function postChecked(target: string, headers: Record<string, string>, body: string, options: OutboundOptions): Promise<number> {
  const url = new URL(target);
  const host = urlHost(url);
  if (isIpLiteral(host) && !addressAllowed(host, options.policy)) throw refusal(host);
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup: checkedLookup(options.policy, options.resolve),
        // No pooled connection: each attempt resolves and checks afresh.
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * What the delivery log says about a failed attempt: a short category, never the network error's
 * own text (which names internal addresses, ports and library internals).
 */
export function deliveryErrorCategory(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string } } | null;
  const code = e?.code ?? e?.cause?.code ?? "";
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || code === "ETIMEDOUT" || code === "ABORT_ERR") return "timed out";
  if (code === "EADDRNOTALLOWED") return "address not allowed";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "EPIPE") return "connection reset";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NODATA") return "DNS lookup failed";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "host unreachable";
  if (code === "EPROTO" || /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_)/.test(code) || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) return "TLS error";
  return "request failed";
}
