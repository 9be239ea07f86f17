import { ConfigError } from "@/lib/config";
import { DataDirBusyError } from "@/lib/db/data-dir-lock";

/** One sentence for an operator; a stack trace only for what is not a known configuration fault. */
export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataDirBusyError) return `Rateline cannot start: ${error.message}`;
  return `Rateline cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
