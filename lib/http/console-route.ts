import type { NextRequest } from "next/server";
import { getPrisma } from "@/lib/server/database";
import { currentUser } from "@/lib/server/session";
import type { ServiceContext } from "@/lib/services/context";
import { errorResponse, jsonError, readJson } from "./api-route";
import { wireJson } from "./wire-json";

type Handler = (args: { ctx: ServiceContext; request: NextRequest; body: () => Promise<unknown> }) => Promise<unknown>;

/**
 * A route handler for the console's own live views (app/api/console/…), where a server action
 * would not do: they are fetched as the user types, and server actions run one at a time. The
 * caller is the signed-in user (the session cookie is SameSite=Lax, so other sites cannot send it).
 */
export function consoleRoute(handler: Handler) {
  return async (request: NextRequest) => {
    try {
      const user = await currentUser();
      if (!user) return jsonError(401, "Your session has ended; sign in again.");
      const result = await handler({ ctx: { db: await getPrisma(), actor: user }, request, body: () => readJson(request) });
      // A handler that answers with something other than JSON (a CSV download) builds its own response.
      return result instanceof Response ? result : wireJson(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
