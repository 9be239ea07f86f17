import type { AuditLogListResponse } from "@metronome/sdk/resources/v1/audit-logs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { describeEachDatabase } from "@/lib/test-support/databases";

describeEachDatabase("GET /v1/auditLogs", (kind) => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(kind);
  });
  afterAll(() => server.stop());

  async function all(pages: AsyncIterable<AuditLogListResponse>) {
    const items: AuditLogListResponse[] = [];
    for await (const item of pages) items.push(item);
    return items;
  }

  it("lists the changes the services recorded, filtered by resource, paged, in either order", async () => {
    const a = await server.client.v1.customers.create({ name: "Audit A" });
    const b = await server.client.v1.customers.create({ name: "Audit B" });
    await server.client.v1.customers.setName({ customer_id: a.data.id, name: "Audit A2" });

    const forA = await all(server.client.v1.auditLogs.list({ resource_id: a.data.id, sort: "date_asc", limit: 1 }));
    expect(forA.length).toBeGreaterThanOrEqual(2);
    expect(forA.every((e) => e.resource_id === a.data.id)).toBe(true);
    expect(forA.map((e) => e.timestamp)).toEqual([...forA.map((e) => e.timestamp)].sort());
    expect(forA[0]).toMatchObject({ id: expect.any(String), request: { id: expect.any(String) }, action: expect.any(String), actor: { name: expect.any(String) } });
    expect(new Set(forA.map((e) => e.id)).size).toBe(forA.length);

    const desc = await all(server.client.v1.auditLogs.list({ resource_id: a.data.id, sort: "date_desc" }));
    expect(desc.map((e) => e.id)).toEqual(forA.map((e) => e.id).reverse());

    const forB = await all(server.client.v1.auditLogs.list({ resource_id: b.data.id, resource_type: forA[0]!.resource_type }));
    expect(forB.length).toBeGreaterThanOrEqual(1);
    expect(forB.every((e) => e.resource_id === b.data.id)).toBe(true);

    const future = await all(server.client.v1.auditLogs.list({ starting_on: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(future).toEqual([]);
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const res = await server.fetch("/v1/auditLogs?sort=sideways");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain("sort");
  });
});
