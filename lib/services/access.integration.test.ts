import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { hashPassword } from "@/lib/auth/password";
import { authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";
import { bootstrap } from "@/lib/services/bootstrap";
import type { Actor } from "@/lib/services/context";
import { createUser, setUserRole } from "@/lib/services/users/manage-users";
import { getSessionActor } from "@/lib/services/users/get-session-user";
import { signIn, signOut } from "@/lib/services/users/sign-in";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { refusal } from "@/lib/test-support/refusal";

const admin: Actor = { type: "system", name: "test" };

async function snapshot(db: Database) {
  const [keys, users, sessions, audit] = await Promise.all([
    db.prisma.apiKey.findMany({ orderBy: { id: "asc" } }),
    db.prisma.user.findMany({ orderBy: { id: "asc" } }),
    db.prisma.session.findMany({ orderBy: { id: "asc" } }),
    db.prisma.auditLogEntry.count(),
  ]);
  return { keys, users, sessions, audit };
}

describeEachDatabase("access", (kind) => {
  let db: Database;
  let viewer: Actor;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    const user = await db.prisma.user.create({
      data: { email: "viewer@test.dev", name: "Viewer", role: "viewer", passwordHash: await hashPassword("correct horse") },
    });
    viewer = { type: "user", id: user.id, name: user.name, role: "viewer" };
  });
  afterAll(() => db.close());

  it("signs in with the right password, and the session ends at sign-out", async () => {
    const session = await signIn(db.prisma, { email: "Viewer@Test.dev ", password: "correct horse" });
    expect((await getSessionActor(db.prisma, session.id))?.role).toBe("viewer");
    await signOut(db.prisma, session.id);
    expect(await getSessionActor(db.prisma, session.id)).toBeNull();
  });

  it("refuses a wrong password or unknown user with 401 and opens no session", async () => {
    const before = await snapshot(db);
    expect((await refusal(signIn(db.prisma, { email: "viewer@test.dev", password: "wrong" }))).status).toBe(401);
    expect((await refusal(signIn(db.prisma, { email: "nobody@test.dev", password: "correct horse" }))).status).toBe(401);
    expect(await snapshot(db)).toEqual(before);
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401", async () => {
    const key = await createApiKey({ db: db.prisma, actor: admin }, { name: "to revoke" });
    expect(await authenticateApiKey(db.prisma, `Bearer ${key.secret}`)).toMatchObject({ type: "api_key", id: key.id });
    await revokeApiKey({ db: db.prisma, actor: admin }, { id: key.id });
    const before = await snapshot(db);
    for (const header of [null, "", "Basic abc", "Bearer", `Bearer ${key.secret}x`, `Bearer ${key.secret}`]) {
      expect((await refusal(authenticateApiKey(db.prisma, header))).status).toBe(401);
    }
    expect(await snapshot(db)).toEqual(before);
  });

  it("stores API keys hashed: the secret appears nowhere in the database", async () => {
    const key = await createApiKey({ db: db.prisma, actor: admin }, { name: "hashed" });
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(row)).not.toContain(key.secret);
    const audit = await db.prisma.auditLogEntry.findMany({ where: { objectId: key.id } });
    expect(JSON.stringify(audit)).not.toContain(key.secret);
  });

  it("refuses a role without rights with 403 and changes nothing", async () => {
    const before = await snapshot(db);
    const ctx = { db: db.prisma, actor: viewer };
    expect((await refusal(createApiKey(ctx, { name: "sneaky" }))).status).toBe(403);
    expect((await refusal(createUser(ctx, { email: "x@test.dev", name: "X", role: "admin", password: "password1" }))).status).toBe(403);
    expect((await refusal(setUserRole(ctx, { id: viewer.type === "user" ? viewer.id : "", role: "admin" }))).status).toBe(403);
    expect(await snapshot(db)).toEqual(before);
  });

  it("rejects invalid input with 400 naming the field, and changes nothing", async () => {
    const before = await snapshot(db);
    const error = await refusal(createUser({ db: db.prisma, actor: admin }, { email: "not an email", name: "", role: "owner", password: "short" }));
    expect(error.status).toBe(400);
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["email", "name", "password", "role"]);
    expect(await snapshot(db)).toEqual(before);
  });

  it("audits each change with who and what", async () => {
    const user = await createUser({ db: db.prisma, actor: admin }, { email: "fin@test.dev", name: "Fin", role: "finance", password: "password1" });
    await setUserRole({ db: db.prisma, actor: admin }, { id: user.id, role: "sales" });
    const entries = await db.prisma.auditLogEntry.findMany({ where: { objectId: user.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["user.create", "user.set_role"]);
    expect(entries[1]).toMatchObject({ actorType: "system", actorName: "test", before: { role: "finance" }, after: { role: "sales" } });
    expect(JSON.stringify(entries)).not.toContain("password");
  });

  it("bootstraps the API key and admin named by the environment, once", async () => {
    const env = { bootstrapToken: "rl_bootstrap_token_for_tests_123", admin: { email: "ops@test.dev", password: "bootstrap-pass" } };
    await bootstrap(db.prisma, env);
    await bootstrap(db.prisma, env);
    expect(await authenticateApiKey(db.prisma, `Bearer ${env.bootstrapToken}`)).toMatchObject({ type: "api_key" });
    expect(await db.prisma.user.count({ where: { email: "ops@test.dev", role: "admin" } })).toBe(1);
    expect(await db.prisma.apiKey.count({ where: { name: { startsWith: "Bootstrap" } } })).toBe(1);
    await signIn(db.prisma, { email: "ops@test.dev", password: "bootstrap-pass" });
  });
});
