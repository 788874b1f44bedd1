// The connections and connectors procedures as the web app calls them (a signed-in session), on a
// real database: where each connection is used, key-based connect and replacing credentials
// without a secret ever coming back, and the catalog's connect forms.
import { randomBytes } from "node:crypto";
import { createConnection, loadConnectionSecrets, parseKeyRing, type Prisma, type Role } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCaller } from "../../auth/session-caller";
import type { Services } from "../../context";
import { router } from "../init";
import { connectionsRouter } from "./connections";
import { connectorsRouter } from "./connectors";

const t = useTestDatabase();
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
const testRouter = router({ connections: connectionsRouter, connectors: connectorsRouter });
const BOT = "123456789:AAgoodgoodgoodgoodgoodgood";
let s: Services;
let workspaceId: string;

beforeAll(async () => {
  s = {
    db: t.db,
    keyRing: () => ring,
    production: false,
    oauth: {
      clients: { slack: { clientId: "c", clientSecret: "s" } },
      secret: undefined,
      publicUrl: "http://switchyard.test",
    },
  } as unknown as Services;
  workspaceId = (await t.db.workspace.create({ data: { slug: "conn", name: "Connections" } })).id;
});

async function as(role: Role) {
  const user = await t.db.user.create({ data: { email: `${role}-${randomBytes(3).toString("hex")}@example.com` } });
  await t.db.membership.create({ data: { userId: user.id, workspaceId, role } });
  return testRouter.createCaller({
    services: s,
    authenticate: () => sessionCaller(t.db, user.id, "conn"),
    signedInUserId: async () => user.id,
  });
}

async function workflow(slug: string, enabled: boolean, ...definitions: object[]) {
  await t.db.workflow.create({
    data: {
      workspaceId,
      slug,
      name: slug.toUpperCase(),
      enabled,
      hookTokenHash: randomBytes(16).toString("hex"),
      versions: {
        create: definitions.map((d, i) => ({ version: i + 1, definition: d as Prisma.InputJsonObject })),
      },
    },
  });
}

const step = (connection: string) => ({ id: "s", uses: "slack.postMessage", connection, with: {} });

describe("connections procedures", () => {
  it("list: each connection with the workflows whose latest version uses it in a step or the trigger", async () => {
    for (const name of ["team-slack", "events-slack", "retired", "unused"])
      await createConnection(t.db, ring, {
        workspaceId,
        name,
        connector: "slack",
        authKind: "oauth2",
        secrets: { accessToken: `xoxb-${name}` },
      });
    await workflow("announce", true, { name: "a", trigger: { type: "manual" }, steps: [step("team-slack")] });
    await workflow("listen", false, {
      name: "l",
      trigger: { type: "event", uses: "slack.newMessage", connection: "events-slack", with: {} },
      steps: [step("team-slack")],
    });
    // Version 1 used "retired"; the latest does not, so nothing breaks if it goes.
    await workflow(
      "moved-on",
      true,
      { name: "m", trigger: { type: "manual" }, steps: [step("retired")] },
      { name: "m", trigger: { type: "manual" }, steps: [step("team-slack")] },
    );

    const list = await (await as("viewer")).connections.list();
    const usage = Object.fromEntries(list.map((c) => [c.name, c.usedBy.map((u) => `${u.slug}@${u.version}`)]));
    expect(usage).toEqual({
      "events-slack": ["listen@1"],
      retired: [],
      "team-slack": ["announce@1", "listen@1", "moved-on@2"],
      unused: [],
    });
    expect(JSON.stringify(list)).not.toContain("xoxb-");
    expect(list[0]).not.toHaveProperty("secrets");
  });

  it("create and replaceCredentials check the connector's rules, store encrypted, and answer no secret", async () => {
    const editor = await as("editor");
    await expect(
      editor.connections.create({ name: "tg", connector: "telegram", credentials: { botToken: "nope" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("bot token looks like") });
    const created = await editor.connections.create({
      name: "tg",
      connector: "telegram",
      credentials: { botToken: BOT },
    });
    expect(JSON.stringify(created)).not.toContain(BOT);

    await t.db.connection.update({ where: { id: created.id }, data: { status: "needs_reauth" } });
    const rotated = "555555555:AArotatedrotatedrotatedrot";
    await expect(
      editor.connections.replaceCredentials({ id: created.id, credentials: { botToken: "still-nope" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const replaced = await editor.connections.replaceCredentials({
      id: created.id,
      credentials: { botToken: rotated },
    });
    expect(replaced).toMatchObject({ id: created.id, name: "tg", status: "active" });
    expect(JSON.stringify(replaced)).not.toContain(rotated);
    const { secrets } = await loadConnectionSecrets(t.db, ring, workspaceId, created.id);
    expect(secrets).toEqual({ botToken: rotated });
    expect(await t.db.auditEntry.count({ where: { targetId: created.id, action: "connection.credentials" } })).toBe(1);

    const slack = (await editor.connections.list()).find((c) => c.name === "team-slack")!;
    await expect(
      editor.connections.replaceCredentials({ id: slack.id, credentials: { accessToken: "x" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("reconnects through OAuth2") });
  });

  it("startOAuth from a session records the person and answers the confirmation page", async () => {
    const editor = await as("editor");
    const { authorizationUrl } = await editor.connections.startOAuth({ connector: "slack", name: "web-slack" });
    expect(authorizationUrl).toMatch(/^http:\/\/switchyard\.test\/api\/v1\/oauth\/begin\?attempt=[\w-]+$/);
    const attempt = await t.db.oAuthAttempt.findFirstOrThrow({ where: { workspaceId, name: "web-slack" } });
    expect(attempt.tokenId).toBeNull();
    expect(attempt.userId).toEqual(expect.any(String));
    await expect(editor.connections.startOAuth({ connector: "slack", name: "team-slack" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});

describe("connectors procedures", () => {
  it("list: the catalog's cards with icon and categories, no operations; bySlug: the connect form's fields", async () => {
    const viewer = await as("viewer");
    const cards = await viewer.connectors.list();
    const telegram = cards.find((c) => c.slug === "telegram")!;
    expect(telegram).toMatchObject({ name: "Telegram", categories: ["communication"], auth: { kind: "custom" } });
    expect(telegram.icon).toMatch(/^<svg/);
    expect(telegram).not.toHaveProperty("actions");
    const full = await viewer.connectors.bySlug({ slug: "telegram" });
    expect(full.auth).toMatchObject({
      props: { properties: { botToken: { type: "string", title: "Bot token", secret: true } } },
    });
    await expect(viewer.connectors.bySlug({ slug: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
