/** Collects positional parameters while SQL text is built, so values never enter the text. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** A placeholder for `value`, cast to `type`. */
  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }

  /** A text[] built from a JSON array parameter (one shape that every driver passes alike). */
  textArray(values: readonly string[]): string {
    return `ARRAY(SELECT jsonb_array_elements_text(${this.add(JSON.stringify(values), "jsonb")}))`;
  }
}
