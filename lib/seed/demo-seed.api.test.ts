import { afterEach, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/seed/demo-seed";
import { startApiServer, type ApiServer } from "@/lib/test-support/api-server";
import { postSignIn } from "@/lib/test-support/console-sign-in";
import { databaseKinds } from "@/lib/test-support/databases";

// Which database the real server seeds the demo company into, with RATELINE_SEED left unset: the
// embedded one (try it, demo it), never PostgreSQL unless asked, and never the demo's users (with
// their published password) into a database that already has a user.

const UNSET = { RATELINE_SEED: "" };
const ADMIN = { RATELINE_ADMIN_EMAIL: "owner@seed.test", RATELINE_ADMIN_PASSWORD: "seed-test-password" };

async function customerNames(server: ApiServer) {
  return (await server.client.v1.customers.list({ limit: 100 })).data.map((c) => c.name).sort();
}
const signsIn = async (server: ApiServer, email: string, password: string) => (await postSignIn(server, email, password)).status === 303;

describe("the demo seed at start-up", () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("seeds the embedded database by default, demo users included", async () => {
    server = await startApiServer("pglite", UNSET);
    expect(await customerNames(server)).toEqual(["Helios Labs", "Northwind AI", "Quanta Robotics"]);
    expect(await signsIn(server, "admin@example.com", DEMO_PASSWORD)).toBe(true);
  });

  it.runIf(databaseKinds().includes("postgresql"))("seeds nothing into PostgreSQL unless RATELINE_SEED=demo says so", async () => {
    server = await startApiServer("postgresql", UNSET);
    expect(await customerNames(server)).toEqual([]);
    expect(await signsIn(server, "admin@example.com", DEMO_PASSWORD)).toBe(false);
  });

  it.runIf(databaseKinds().includes("postgresql"))("with RATELINE_SEED=demo on PostgreSQL that has a user, seeds the demo's data but none of its users", async () => {
    server = await startApiServer("postgresql", { RATELINE_SEED: "demo", ...ADMIN });
    expect(await customerNames(server)).toEqual(["Helios Labs", "Northwind AI", "Quanta Robotics"]);
    for (const email of ["admin@example.com", "viewer@example.com"]) expect(await signsIn(server, email, DEMO_PASSWORD), email).toBe(false);
    expect(await signsIn(server, ADMIN.RATELINE_ADMIN_EMAIL, ADMIN.RATELINE_ADMIN_PASSWORD)).toBe(true);
    expect(server.output()).toMatch(/already has 1 user\(s\), so the demo users .* were not added/);
  });
});
