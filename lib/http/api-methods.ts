import { AppError } from "@/lib/errors";
import { apiRoute, jsonError } from "./api-route";

// What the REST API answers outside its routes, in its own JSON shape rather than Next's HTML
// page or empty body: a method a route does not take (405 with Allow), and a path under /v1 or
// /v2 that names no route (404). Each route file exports the methods it does not take from
// otherMethods, so Next routes them here.

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof METHODS)[number];
type Answer = (request: Request) => Response;
type Refusal = ReturnType<typeof apiRoute>;

/** Handlers answering 405 for every method but `allowed` (and HEAD, which Next derives from GET). */
export function otherMethods<A extends HttpMethod>(...allowed: A[]): Record<Exclude<HttpMethod, A>, Answer> {
  const taken = new Set<HttpMethod>(allowed);
  if (taken.has("GET")) taken.add("HEAD");
  const allow = [...METHODS.filter((m) => taken.has(m)), "OPTIONS"].join(", ");
  const answer: Answer = (request) => {
    const response = jsonError(405, `${request.method} is not supported here; this endpoint takes ${allowed.join(" or ")}.`);
    response.headers.set("allow", allow);
    return response;
  };
  return Object.fromEntries(METHODS.filter((m) => !taken.has(m)).map((m) => [m, answer])) as Record<Exclude<HttpMethod, A>, Answer>;
}

/** Handlers for every method of a path that names no endpoint. */
export function unknownApiPath(): Record<HttpMethod, Answer> {
  const answer: Answer = (request) => jsonError(404, `No API endpoint at ${request.method} ${new URL(request.url).pathname}.`);
  return Object.fromEntries(METHODS.map((m) => [m, answer])) as Record<HttpMethod, Answer>;
}

/**
 * Handlers for an SDK endpoint Rateline refuses on purpose, rather than one not built yet: every
 * method answers 400 with `why`, once the API key is checked (an unknown path answers 404 to
 * anyone). Destructured, so the README's SDK table (scripts/sdk-methods.ts) lists the method as
 * not supported, with its reason.
 */
export function refusedEndpoint(why: string): Record<HttpMethod, Refusal> {
  const answer = apiRoute(async () => {
    throw new AppError("bad_request", why);
  });
  return Object.fromEntries(METHODS.map((m) => [m, answer])) as Record<HttpMethod, Refusal>;
}
