import type { GroupValues } from "./types";

/**
 * A map key for a group tuple. Each value is length-prefixed, so no value can forge a
 * separator, and a missing value (`null`) stays apart from the string "null".
 */
export function groupKey(values: GroupValues, keys: readonly string[]): string {
  let key = "";
  for (const name of keys) {
    const value = values[name];
    key += value === undefined || value === null ? "-;" : `${value.length}:${value};`;
  }
  return key;
}

export function pickGroupValues(values: GroupValues, keys: readonly string[]): GroupValues {
  const picked: Record<string, string | null> = {};
  for (const key of keys) picked[key] = values[key] ?? null;
  return picked;
}

/** Whether `values` carries every required key/value pair; nothing required matches everything. */
export function includesGroupValues(
  values: GroupValues,
  required: Readonly<Record<string, string>> | undefined,
): boolean {
  if (required === undefined) return true;
  for (const key in required) if (values[key] !== required[key]) return false;
  return true;
}
