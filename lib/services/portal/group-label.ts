/** "model: aurora-mini · region: eu", or null for a line or usage without group values. */
export function groupLabel(values: Readonly<Record<string, string | null>> | undefined): string | null {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  return entries.length === 1 ? (entries[0]![1] ?? "(none)") : entries.map(([k, v]) => `${k}: ${v ?? "(none)"}`).join(" · ");
}
