import "server-only";
import { notFound } from "next/navigation";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { getPrisma } from "@/lib/server/database";
import { requireUser } from "@/lib/server/session";
import type { ServiceContext } from "@/lib/services/context";

// What a console page calls services with. Pages never reach for the database themselves
// (eslint.config.mjs refuses `@/lib/server/database` under app/): they take this context, whose
// actor is the signed-in user, and services do the rest.

export type ConsoleContext = ServiceContext & { actor: Awaited<ReturnType<typeof requireUser>> };

/** The signed-in user (or a redirect to the sign-in page) and the database, for a page's service calls. */
export async function consoleContext(): Promise<ConsoleContext> {
  const actor = await requireUser();
  return { db: await getPrisma(), actor };
}

/**
 * What `load` reads, or the console's 404 page when the service says it does not exist (and for
 * the codes in `missing`, for pages whose id may be malformed rather than unknown).
 */
export async function loadOr404<T>(load: () => Promise<T>, missing: readonly ErrorCode[] = ["not_found"]): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isAppError(error) && missing.includes(error.code)) notFound();
    throw error;
  }
}
