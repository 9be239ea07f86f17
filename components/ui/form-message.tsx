export function FormMessage({ state }: { state: { ok?: boolean; message?: string } }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? "status" : "alert"} className={`rounded-md px-3 py-2 text-sm ${state.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
      {state.message}
    </p>
  );
}

/** The first error for a field or any part of it ("ingest_aliases" also finds "ingest_aliases.2"). */
export function fieldError(fields: Record<string, string> | undefined, name: string): string | undefined {
  if (!fields) return undefined;
  const key = Object.keys(fields).find((k) => k === name || k.startsWith(`${name}.`));
  return key === undefined ? undefined : fields[key];
}
