import { Server } from "node:http";

// The address a request came from, for the sign-in throttle. Next.js hands a route only the
// request's headers, and fills X-Forwarded-For with the socket's address only when the client did
// not send one, so without a proxy that header is whatever the client chose. The server process
// therefore stamps each request with its socket's address under a header of its own, overwriting
// anything a client sent under that name.

const PEER_HEADER = "x-rateline-peer-address";
const installed = Symbol.for("rateline.peerAddressHeader");

/** Called once at start-up, before the first request (instrumentation.ts). */
export function installPeerAddressHeader() {
  const proto = Server.prototype as Server & { [installed]?: true };
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit;
  proto.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as import("node:http").IncomingMessage;
      request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof proto.emit;
}

/**
 * The client's address: behind a trusted proxy (RATELINE_TRUST_PROXY) the last X-Forwarded-For
 * entry, which that proxy added; otherwise the socket's address.
 */
export function clientAddress(headers: Headers, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headers.get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean);
    if (forwarded?.length) return forwarded[forwarded.length - 1]!;
  }
  return headers.get(PEER_HEADER) || headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}
