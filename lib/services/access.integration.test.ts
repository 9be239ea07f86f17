import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/connection";
import { hashPassword } from "@/lib/auth/password";
import { authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";
import { bootstrap } from "@/lib/services/bootstrap";
import type { Actor } from "@/lib/services/context";
import { can } from "@/lib/services/context";
import { createUser, setUserRole } from "@/lib/services/users/manage-users";
import { changeOwnPassword, resetUserPassword, setUserDisabled } from "@/lib/services/users/user-access";
import { MAX_FAILURES, WINDOW_MS } from "@/lib/services/users/sign-in-throttle";
import { getSessionActor } from "@/lib/services/users/get-session-user";
import { signIn, signOut } from "@/lib/services/users/sign-in";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { refusal } from "@/lib/test-support/refusal";

const admin: Actor = { type: "system", name: "test" };
const AT = { address: "192.0.2.1" };

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
    const session = await signIn(db.prisma, { email: "Viewer@Test.dev ", password: "correct horse" }, AT);
    expect((await getSessionActor(db.prisma, session.id))?.role).toBe("viewer");
    await signOut(db.prisma, session.id);
    expect(await getSessionActor(db.prisma, session.id)).toBeNull();
  });

  it("refuses a wrong password or unknown user with 401 and opens no session", async () => {
    const before = await snapshot(db);
    expect((await refusal(signIn(db.prisma, { email: "viewer@test.dev", password: "wrong" }, AT))).status).toBe(401);
    expect((await refusal(signIn(db.prisma, { email: "nobody@test.dev", password: "correct horse" }, AT))).status).toBe(401);
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
    await signIn(db.prisma, { email: "ops@test.dev", password: "bootstrap-pass" }, AT);
  });

  it("a bootstrap key revoked in Settings stays revoked when the server starts again; it is a full key", async () => {
    const env = { bootstrapToken: "rl_bootstrap_token_to_revoke_456" };
    await bootstrap(db.prisma, env);
    const key = await authenticateApiKey(db.prisma, `Bearer ${env.bootstrapToken}`);
    expect(key.scope).toBe("full");
    await revokeApiKey({ db: db.prisma, actor: admin }, { id: key.id });
    await bootstrap(db.prisma, env);
    expect((await refusal(authenticateApiKey(db.prisma, `Bearer ${env.bootstrapToken}`))).status).toBe(401);
    expect(await db.prisma.apiKey.count({ where: { secretHash: { not: "" }, revokedAt: null, name: { startsWith: "Bootstrap" }, id: key.id } })).toBe(0);
  });

  it("API keys have a scope (full by default); a read or ingest key can change nothing through the services", async () => {
    const ctx = { db: db.prisma, actor: admin };
    expect((await createApiKey(ctx, { name: "default" })).scope).toBe("full");
    const ingest = await createApiKey(ctx, { name: "ingest", scope: "ingest" });
    const read = await createApiKey(ctx, { name: "read", scope: "read" });
    const ingestActor = await authenticateApiKey(db.prisma, `Bearer ${ingest.secret}`);
    const readActor = await authenticateApiKey(db.prisma, `Bearer ${read.secret}`);
    expect([ingestActor.scope, readActor.scope]).toEqual(["ingest", "read"]);
    expect(can(readActor, "customers:write")).toBe(false);
    expect(can(ingestActor, "pricing:write")).toBe(false);
    const refused = await refusal(createApiKey({ db: db.prisma, actor: readActor }, { name: "escalate", scope: "full" }));
    expect(refused).toMatchObject({ status: 403, message: expect.stringContaining("`read` scope") });
    const bad = await refusal(createApiKey(ctx, { name: "x", scope: "admin" }));
    expect(bad.status).toBe(400);
    expect(bad.fields).toHaveProperty("scope");
  });

  describe("users: disable, change and reset passwords", () => {
    const password = "first-password";
    const make = async (email: string, role: "admin" | "viewer" = "viewer") => {
      const user = await createUser({ db: db.prisma, actor: admin }, { email, name: email, role, password });
      const actor: Actor = { type: "user", id: user.id, name: user.name, role };
      return { user, actor, session: () => signIn(db.prisma, { email, password }, AT) };
    };

    it("disabling ends every session of the user at once and refuses their sign-in, saying why; enabling lets them back", async () => {
      const { user, session } = await make("disable-me@test.dev");
      const [a, b] = [await session(), await session()];
      const disabled = await setUserDisabled({ db: db.prisma, actor: admin }, { id: user.id, disabled: true });
      expect(disabled.disabledAt).toBeInstanceOf(Date);
      expect(await getSessionActor(db.prisma, a.id)).toBeNull();
      expect(await getSessionActor(db.prisma, b.id)).toBeNull();
      expect(await refusal(signIn(db.prisma, { email: user.email, password }, AT))).toMatchObject({ status: 403, message: expect.stringMatching(/disabled/) });
      // A wrong password still hears only that the details do not match.
      expect((await refusal(signIn(db.prisma, { email: user.email, password: "wrong-one" }, AT))).status).toBe(401);
      await setUserDisabled({ db: db.prisma, actor: admin }, { id: user.id, disabled: false });
      expect(await getSessionActor(db.prisma, a.id)).toBeNull();
      expect(await getSessionActor(db.prisma, (await session()).id)).not.toBeNull();
      const actions = (await db.prisma.auditLogEntry.findMany({ where: { objectId: user.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
      expect(actions).toEqual(["user.create", "user.disable", "user.enable"]);
    });

    it("refuses to disable oneself or the last active admin, and a non-admin may not disable anyone", async () => {
      const { user: boss, actor: bossActor } = await make("boss@test.dev", "admin");
      const { user: other } = await make("other@test.dev");
      expect(await refusal(setUserDisabled({ db: db.prisma, actor: bossActor }, { id: boss.id, disabled: true }))).toMatchObject({ status: 409 });
      for (const u of await db.prisma.user.findMany({ where: { role: "admin", id: { not: boss.id } } })) {
        await db.prisma.user.update({ where: { id: u.id }, data: { disabledAt: new Date() } });
      }
      expect(await refusal(setUserDisabled({ db: db.prisma, actor: admin }, { id: boss.id, disabled: true }))).toMatchObject({ status: 409, message: expect.stringMatching(/last active admin/) });
      await db.prisma.user.updateMany({ where: { role: "admin", id: { not: boss.id } }, data: { disabledAt: null } });
      expect((await refusal(setUserDisabled({ db: db.prisma, actor: viewer }, { id: other.id, disabled: true }))).status).toBe(403);
      expect((await db.prisma.user.findUniqueOrThrow({ where: { id: other.id } })).disabledAt).toBeNull();
    });

    it("changing one's own password needs the current one, and ends one's other sessions only", async () => {
      const { user, actor, session } = await make("changer@test.dev");
      const [here, elsewhere] = [await session(), await session()];
      const ctx = { db: db.prisma, actor };
      const wrong = await refusal(changeOwnPassword(ctx, { current_password: "not-it", new_password: "second-password" }, here.id));
      expect(wrong).toMatchObject({ status: 400, fields: { current_password: expect.any(String) } });
      expect(await getSessionActor(db.prisma, elsewhere.id)).not.toBeNull();
      expect((await refusal(changeOwnPassword(ctx, { current_password: password, new_password: "short" }, here.id))).fields).toHaveProperty("new_password");
      expect(await changeOwnPassword(ctx, { current_password: password, new_password: "second-password" }, here.id)).toEqual({ sessionsEnded: 1 });
      expect(await getSessionActor(db.prisma, here.id)).not.toBeNull();
      expect(await getSessionActor(db.prisma, elsewhere.id)).toBeNull();
      expect((await refusal(signIn(db.prisma, { email: user.email, password }, AT))).status).toBe(401);
      await signIn(db.prisma, { email: user.email, password: "second-password" }, AT);
      const audit = await db.prisma.auditLogEntry.findMany({ where: { objectId: user.id, action: "user.change_password" } });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toMatch(/second-password|scrypt/);
      expect((await refusal(changeOwnPassword({ db: db.prisma, actor: admin }, { current_password: "x", new_password: "whatever1" }, ""))).status).toBe(403);
    });

    it("an admin resets a user's password: every session of theirs ends, the new password works", async () => {
      const { user, actor, session } = await make("forgetful@test.dev");
      const open = await session();
      expect((await refusal(resetUserPassword({ db: db.prisma, actor }, { id: user.id, password: "my-own-choice" }))).status).toBe(403);
      expect(await resetUserPassword({ db: db.prisma, actor: admin }, { id: user.id, password: "reset-password" })).toMatchObject({ email: user.email, sessionsEnded: 1 });
      expect(await getSessionActor(db.prisma, open.id)).toBeNull();
      await signIn(db.prisma, { email: user.email, password: "reset-password" }, AT);
      expect((await refusal(resetUserPassword({ db: db.prisma, actor: admin }, { id: "00000000-0000-4000-8000-000000000000", password: "reset-password" }))).status).toBe(404);
    });
  });

  describe("sign-in throttling", () => {
    const t0 = new Date("2030-01-01T10:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);

    it("after 10 failures in 15 minutes an account is refused, even with the right password, saying how long to wait", async () => {
      await createUser({ db: db.prisma, actor: admin }, { email: "target@test.dev", name: "T", role: "viewer", password: "right-password" });
      for (let i = 0; i < MAX_FAILURES; i++) {
        // From a different address each time: the account's own count locks it.
        const e = await refusal(signIn(db.prisma, { email: "target@test.dev", password: `guess-${i}` }, { address: `198.51.100.${i}`, now: at(i * 60_000) }));
        expect(e.status).toBe(401);
      }
      const locked = await refusal(signIn(db.prisma, { email: "target@test.dev", password: "right-password" }, { address: "203.0.113.9", now: at(10 * 60_000) }));
      expect(locked).toMatchObject({ status: 429, message: "Too many failed sign-ins for this account (10 in 15 minutes). Try again in 5 minutes." });
      // The first failure leaves the window 15 minutes after it was made.
      const session = await signIn(db.prisma, { email: "target@test.dev", password: "right-password" }, { address: "203.0.113.9", now: at(WINDOW_MS + 1) });
      expect(session.id).toBeTruthy();
      // Success forgets the account's failures.
      expect(await db.prisma.signInFailure.count({ where: { email: "target@test.dev" } })).toBe(0);
    });

    it("after 10 failures from one address, that address is refused for every account; others are not", async () => {
      await createUser({ db: db.prisma, actor: admin }, { email: "bystander@test.dev", name: "B", role: "viewer", password: "bystander-pass" });
      const address = "203.0.113.66";
      for (let i = 0; i < MAX_FAILURES; i++) {
        expect((await refusal(signIn(db.prisma, { email: `spray-${i}@test.dev`, password: "password1" }, { address, now: at(i * 1000) }))).status).toBe(401);
      }
      const refused = await refusal(signIn(db.prisma, { email: "bystander@test.dev", password: "bystander-pass" }, { address, now: at(20_000) }));
      expect(refused).toMatchObject({ status: 429, message: expect.stringMatching(/^Too many failed sign-ins for your address .* Try again in 15 minutes\.$/) });
      await signIn(db.prisma, { email: "bystander@test.dev", password: "bystander-pass" }, { address: "203.0.113.67", now: at(20_000) });
    });
  });
});
