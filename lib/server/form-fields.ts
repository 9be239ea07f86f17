// Console forms send text; the services take Metronome's bodies. These turn form text into the
// body's values and leave anything unreadable as it is, so the service's schema names the field.

/** A `datetime-local` value, which the console labels UTC, as an RFC 3339 instant. */
export function utcInstant(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)) return `${text}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text)) return `${text}Z`;
  return text;
}

/** A field a client component filled with JSON (lists, maps); unreadable JSON is passed on as text. */
export function jsonField(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Comma- or line-separated names ("inference, batch") as a list, blanks dropped. */
export function nameList(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Empty form text means "not given". */
export function optional(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === "" ? undefined : text;
}
