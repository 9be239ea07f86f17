import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";
import { sdkParamFields, type SdkField, type SdkFieldKind } from "@/lib/test-support/sdk-params";
import { SDK_FIELDS, type RouteFields } from "./sdk-fields";

// The rule: no request silently ignores a field @metronome/sdk defines. The SDK's param types
// are read with the TypeScript compiler; every field of every routed method is either honoured
// (the table's `supported`) or refused by name (`unsupported`), and each is sent through the SDK
// to the real server to show it. Keys the SDK does not define are refused too, at every level.

const ROUTES = SDK_FIELDS as Record<string, RouteFields>;
const sdkFields = sdkParamFields(Object.values(ROUTES).map((r) => r.sdk));
const UNKNOWN = "rateline_unknown_key";

/** Every field of the route's SDK params that is not inside an unsupported one. */
function reachable(route: RouteFields): SdkField[] {
  const refused = route.unsupported.map((p) => `${p}.`).concat(route.unsupported.map((p) => `${p}[]`));
  return sdkFields.get(route.sdk)!.filter((f) => !refused.some((r) => f.path.startsWith(r)));
}

describe("the SDK field table", () => {
  it("has a row for every REST route, and every route file for each row", () => {
    const routes = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") {
          const source = readFileSync(full, "utf8");
          const route = "/" + path.relative(path.resolve("app"), dir).replace(/\[(\w+)\]/g, "{$1}");
          if (route.includes("[[...")) continue;
          for (const [, method] of source.matchAll(/export const (GET|POST|DELETE|PUT|PATCH) = apiRoute/g)) routes.add(`${method} ${route}`);
        }
      }
    };
    walk(path.resolve("app/v1"));
    walk(path.resolve("app/v2"));
    expect([...routes].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("places every field the SDK declares: supported, or refused by name", () => {
    const neither: string[] = [];
    const stale: string[] = [];
    for (const [key, route] of Object.entries(ROUTES)) {
      const declared = new Set(sdkFields.get(route.sdk)!.map((f) => f.path));
      for (const p of [...route.supported, ...route.unsupported, ...Object.keys(route.refusedValues ?? {})]) if (!declared.has(p)) stale.push(`${key}: ${p}`);
      const listed = new Set([...route.supported, ...route.unsupported]);
      for (const f of reachable(route)) if (!listed.has(f.path)) neither.push(`${key}: ${f.path}`);
    }
    expect(stale, "table paths the SDK does not declare").toEqual([]);
    expect(neither, "SDK fields in neither `supported` nor `unsupported`").toEqual([]);
  });
});

// ─── values the probe requests carry ───

const TIME = "2026-01-01T00:00:00Z";
function leaf(name: string, kind: SdkFieldKind | undefined, literals?: string[]): unknown {
  switch (kind) {
    case "enum":
      return literals![0];
    case "number":
      return 1;
    case "boolean":
      return true;
    case "record":
      return { key: "value" };
    case "object":
      return {};
    case "array":
      return [];
    default:
      if (/_ids?$/.test(name)) return randomUUID();
      if (/(_at|_before|date|timestamp)$/.test(name)) return TIME;
      return "value";
  }
}

function plausible(field: SdkField): unknown {
  const name = field.path.split(/[.[\]]+/).filter(Boolean).at(-1)!;
  if (field.kind !== "array") return leaf(name, field.kind, field.literals);
  if (field.element === "object") return [{}];
  if (field.element === "array") return [["value"]];
  return [leaf(name.replace(/s$/, ""), field.element, field.literals)];
}

/** The params with `value` placed at the SDK path, parents created (arrays with one element). */
function withValue(base: Record<string, unknown>, sdkPath: string, value: unknown): Record<string, unknown> {
  const params = structuredClone(base);
  const segments = sdkPath.replace(/\[\]/g, ".[]").split(".");
  let at: Record<string, unknown> | unknown[] = params;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === "[]") {
      const list = at as unknown[];
      if (last) list[0] = value;
      else {
        list[0] ??= segments[i + 1] === "[]" ? [] : {};
        at = list[0] as Record<string, unknown>;
      }
      return;
    }
    const object = at as Record<string, unknown>;
    if (last) object[segment] = value;
    else {
      if (object[segment] === undefined || object[segment] === null) object[segment] = segments[i + 1] === "[]" ? [] : {};
      at = object[segment] as Record<string, unknown>;
    }
  });
  return params;
}

/** The request's spelling of an SDK path with single-element arrays: `commits.0.specifiers`. */
const concrete = (route: RouteFields, sdkPath: string) => {
  const p = sdkPath.replace(/\[\]/g, ".0");
  return route.bodyField && p.startsWith(`${route.bodyField}.`) ? p.slice(route.bodyField.length + 1) : p;
};

const PATH_PARAMS: Record<string, () => string> = { customer_id: randomUUID, invoice_id: randomUUID, billable_metric_id: randomUUID, billing_provider_type: () => "stripe" };

describeEachDatabase("every SDK field, through the SDK", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind, { RATELINE_API_RATE_LIMIT: "0" });
  });
  afterAll(() => server.stop());

  /** The route's answer to params sent through the SDK: its status and message (200: none). */
  async function send(route: RouteFields, params: Record<string, unknown>): Promise<{ status: number; message: string }> {
    const names = route.sdk.split(".");
    let target: unknown = server.client;
    for (const n of names.slice(0, -1)) target = (target as Record<string, unknown>)[n];
    const method = (target as Record<string, (p: unknown) => Promise<unknown>>)[names.at(-1)!]!;
    try {
      await method.call(target, params);
      return { status: 200, message: "" };
    } catch (error) {
      const e = error as { status?: number; error?: { message?: string }; message: string };
      if (e.status === undefined) throw error;
      return { status: e.status, message: e.error?.message ?? e.message };
    }
  }

  function baseParams(route: RouteFields): Record<string, unknown> {
    const top = new Set(sdkFields.get(route.sdk)!.map((f) => f.path));
    return Object.fromEntries(Object.entries(PATH_PARAMS).filter(([k]) => top.has(k)).map(([k, v]) => [k, v()]));
  }

  /** Runs the probes a few at a time: the server answers them in parallel. */
  async function all<T>(items: T[], probe: (item: T) => Promise<string | undefined>): Promise<string[]> {
    const failures: string[] = [];
    for (let i = 0; i < items.length; i += 8) {
      for (const failure of await Promise.all(items.slice(i, i + 8).map(probe))) if (failure) failures.push(failure);
    }
    return failures;
  }

  for (const [key, route] of Object.entries(ROUTES)) {
    it(`${key}: refuses what it does not honour, by name, and takes what it does`, async () => {
      const base = baseParams(route);
      const fields = reachable(route).filter((f) => !(f.path in PATH_PARAMS));
      const unsupported = new Set(route.unsupported);
      const failures = await all(fields, async (field) => {
        const name = concrete(route, field.path);
        const { status, message } = await send(route, withValue(base, field.path, plausible(field)));
        if (unsupported.has(field.path)) {
          if (status !== 400 || !message.includes(`\`${name}\` is not supported`)) return `${field.path}: expected a 400 naming it as not supported, got ${status} ${message}`;
          const withNull = await send(route, withValue(base, field.path, null));
          if (withNull.message.includes(`\`${name}\``)) return `${field.path}: null was refused: ${withNull.message}`;
          return undefined;
        }
        if (message.includes(`\`${name}\` is not`)) return `${field.path}: supported, but refused: ${message}`;
        return undefined;
      });
      // Each value of a supported choice: taken, or (listed in `refusedValues`) refused naming the field.
      const choices = fields.filter((f) => !unsupported.has(f.path) && (f.kind === "enum" || f.kind === "boolean" || (f.kind === "array" && f.literals)));
      const probes = choices.flatMap((f) => (f.literals ?? [true, false]).map((v) => ({ field: f, v })));
      failures.push(
        ...(await all(probes, async ({ field, v }) => {
          const name = concrete(route, field.path);
          const { message } = await send(route, withValue(base, field.path, field.kind === "array" ? [v] : v));
          const refused = message.includes(`\`${name}\``) || message.includes(`${name}:`);
          const expected = route.refusedValues?.[field.path]?.includes(v) ?? false;
          return refused === expected ? undefined : `${field.path} = ${JSON.stringify(v)}: ${expected ? "expected a refusal naming it" : "refused"}: ${message}`;
        })),
      );
      // A key the SDK does not define, at the top and inside every object the route takes.
      // A route whose SDK params are one field sent as the body (`body?: unknown`) is probed inside that field.
      const objects = [{ path: "", kind: "object" }, ...fields.filter((f) => !unsupported.has(f.path) && (f.kind === "object" || f.element === "object" || f.path === route.bodyField))];
      const [verb, pattern] = key.split(" ") as [string, string];
      const bodiless = verb === "GET" || verb === "DELETE";
      failures.push(
        ...(await all(bodiless ? objects.slice(0, 1) : objects, async (object) => {
          if (route.bodyField && object.path === "") return undefined;
          if (bodiless) {
            // Raw HTTP: for some of these the SDK sends nothing but the path.
            const url = pattern.replace(/\{(\w+)\}/g, (_, p: string) => String(base[p])) + `?${UNKNOWN}=value`;
            const response = await server.fetch(url, { method: verb });
            const { message } = (await response.json()) as { message: string };
            return response.status === 400 && message.includes(`\`${UNKNOWN}\` is not a field of this request`) ? undefined : `?${UNKNOWN}: expected a 400 naming it as not a field, got ${response.status} ${message}`;
          }
          const sdkPath = object.path === "" ? UNKNOWN : `${object.path}${object.kind === "array" ? "[]" : ""}.${UNKNOWN}`;
          const name = concrete(route, sdkPath);
          const { status, message } = await send(route, withValue(base, sdkPath, "value"));
          // Ingest spells an event's field its own way (`[0].key: …`), beside its other checks.
          const named = route.bodyField === "usage" ? message.includes(`[0].${UNKNOWN}: is not a field of this request`) : message.includes(`\`${name}\` is not a field of this request`);
          return status === 400 && named ? undefined : `${name}: expected a 400 naming it as not a field, got ${status} ${message}`;
        })),
      );
      expect(failures).toEqual([]);
    });
  }
});
