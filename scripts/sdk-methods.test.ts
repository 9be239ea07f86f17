import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { methodStatuses, readmeStatus, readRoutes, readSdkMethods, routeFor, routeHandlers, sectionOf, type HttpVerb, type Route } from "./sdk-methods";

const methods = readSdkMethods();
const byCall = new Map(methods.map((m) => [m.call, m]));
const route = (dir: string, ...verbs: HttpVerb[]): Route => ({ segments: dir.split("/"), handlers: new Set(verbs), file: dir });

describe("README's SDK method table", () => {
  it("is what `npm run docs:sdk-methods` writes (a route or SDK bump without regenerating fails here)", () => {
    const { current, generated } = readmeStatus();
    // Line by line, so a failure shows which rows changed.
    expect(sectionOf(current).split("\n"), "README.md is stale: run `npm run docs:sdk-methods`").toEqual(sectionOf(generated).split("\n"));
    expect(current).toBe(generated);
  });
});

describe("the SDK's methods", () => {
  it("are every endpoint method @metronome/sdk 3.10 declares", () => {
    expect(methods).toHaveLength(116);
    expect(new Set(methods.map((m) => m.call)).size).toBe(116);
  });

  it("carry the HTTP method and path each one requests", () => {
    expect(byCall.get("v1.usage.ingest")).toEqual({ call: "v1.usage.ingest", verb: "POST", path: "/v1/ingest", deprecated: false });
    expect(byCall.get("v1.customers.plans.list")).toEqual({ call: "v1.customers.plans.list", verb: "GET", path: "/v1/customers/{customer_id}/plans", deprecated: true });
    // Paged lists are GETs unless their options post the body.
    expect(byCall.get("v1.customers.list")).toMatchObject({ verb: "GET", path: "/v1/customers" });
    expect(byCall.get("v1.customFields.listKeys")).toMatchObject({ verb: "POST", path: "/v1/customFields/listKeys" });
    expect(byCall.get("v1.customers.billingConfig.delete")).toMatchObject({ verb: "DELETE", path: "/v1/customers/{customer_id}/billing-config/{billing_provider_type}" });
    expect(byCall.get("v2.contracts.edit")).toMatchObject({ verb: "POST", path: "/v2/contracts/edit", deprecated: false });
    // Webhook helpers make no request: not endpoints.
    expect(methods.filter((m) => m.call.startsWith("webhooks."))).toEqual([]);
  });
});

describe("a method's status", () => {
  it("is supported when the route Next picks for its path handles its HTTP method", () => {
    const statuses = new Map(methodStatuses(methods).map((s) => [s.call, s]));
    expect(statuses.get("v1.usage.ingest")).toMatchObject({ verb: "POST", path: "/v1/ingest", supported: true });
    // `invoices/breakdowns` is a static route beside `invoices/[invoice_id]`: the static one answers.
    expect(statuses.get("v1.customers.invoices.listBreakdowns")).toMatchObject({ supported: true });
    expect(statuses.get("v1.customers.plans.list")).toMatchObject({ supported: false, reason: "deprecated plans era — out of scope (issue #17)" });
  });

  it("is not supported, by default because it is not built yet, when no route handles it", () => {
    const statuses = new Map(methodStatuses(methods, [route("v1/customers/[customer_id]", "GET")]).map((s) => [s.call, s]));
    expect(statuses.get("v1.customers.retrieve")).toMatchObject({ supported: true });
    // The path is taken by `customers/[customer_id]`, but only for GET: Next answers a POST with 405.
    expect(statuses.get("v1.customers.namedSchedules.retrieve")).toMatchObject({ verb: "POST", path: "/v1/customers/getNamedSchedule", supported: false, reason: "not built yet" });
    expect(statuses.get("v1.usage.ingest")).toMatchObject({ supported: false, reason: "not built yet" });
  });
});

describe("route files", () => {
  it("leave out the catch-alls, which answer unknown paths with a JSON 404", () => {
    const app = mkdtempSync(path.join(tmpdir(), "sdk-methods-"));
    try {
      const write = (dir: string, source: string) => {
        mkdirSync(path.join(app, dir), { recursive: true });
        writeFileSync(path.join(app, dir, "route.ts"), source);
      };
      write("v1/[[...path]]", `export const { GET, HEAD, POST, PUT, PATCH, DELETE } = unknownApiPath();`);
      write("v2/[[...path]]", `export const { GET, HEAD, POST, PUT, PATCH, DELETE } = unknownApiPath();`);
      write("v1/(group)/ingest", `export const POST = apiRoute(async () => ({}));\nexport const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");`);
      const routes = readRoutes(app);
      expect(routes.map((r) => [r.segments, [...r.handlers]])).toEqual([[["v1", "ingest"], ["POST"]]]);
      expect(methodStatuses(methods, routes).filter((s) => s.supported).map((s) => s.call)).toEqual(["v1.usage.ingest"]);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it("count exported handlers, not the 405 answers of otherMethods", () => {
    const source = [
      `export const POST = apiRoute<{ id: string }>(async ({ ctx, body }) => ({}));`,
      `export async function GET() {}`,
      `export const { HEAD, PUT, PATCH, DELETE } = otherMethods("POST", "GET");`,
    ].join("\n");
    expect([...routeHandlers(source)].sort()).toEqual(["GET", "POST"]);
  });
});

describe("route matching", () => {
  const routes = [route("v1/customers/[customer_id]", "GET"), route("v1/customers/archive", "POST"), route("v1/customers/[customer_id]/invoices/[invoice_id]", "GET"), route("v1/customers/[customer_id]/invoices/breakdowns", "GET")];

  it("prefers a static segment to a dynamic one, as Next does", () => {
    expect(routeFor("/v1/customers/archive", routes)?.file).toBe("v1/customers/archive");
    expect(routeFor("/v1/customers/{customer_id}/invoices/breakdowns", routes)?.file).toBe("v1/customers/[customer_id]/invoices/breakdowns");
    expect(routeFor("/v1/customers/{customer_id}/invoices/{invoice_id}", routes)?.file).toBe("v1/customers/[customer_id]/invoices/[invoice_id]");
  });

  it("lets an SDK parameter match only a dynamic segment, and needs every segment", () => {
    expect(routeFor("/v1/customers/{customer_id}", routes)?.file).toBe("v1/customers/[customer_id]");
    expect(routeFor("/v1/customers/{customer_id}/costs", routes)).toBeUndefined();
    expect(routeFor("/v1/customers/{customer_id}/invoices", routes)).toBeUndefined();
  });
});
