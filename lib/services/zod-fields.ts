import { z } from "zod";

// Field schemas that several operations share, so that the REST API, the console and every
// resource accept the same spellings.

/** A yes/no value: a JSON boolean, or text from a query string or form ("true"/"false", "1"/"0"). */
export const ZFlag = z.union([z.boolean(), z.stringbool()]);

/** An id that names a row: any UUID PostgreSQL accepts, so a malformed one is refused before the query. */
export const ZId = z.guid("Must be an id (a UUID)");

/** Metronome's custom fields: text keys to text values. */
export const ZCustomFields = z
  .record(z.string().min(1, "A custom field needs a key").max(200), z.string().max(2000))
  .refine((fields) => Object.keys(fields).length <= 100, "At most 100 custom fields");
