import { AppError } from "@/lib/errors";
import { ZId } from "@/lib/services/zod-fields";

/**
 * For an id taken from a URL path: one that is not even a UUID names nothing, so it is the same
 * 404 as an unknown id (and never reaches the database, which would refuse it with an error).
 */
export function pathId(id: string, message: string): string {
  if (!ZId.safeParse(id).success) throw new AppError("not_found", message);
  return id;
}
