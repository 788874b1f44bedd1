// A connector's webhook trigger through the real Next.js app, against a fake
// GitHub API: saving/enabling registers the hook (with a generated secret and a
// fresh URL), deliveries are verified and deduplicated, disabling removes it,
// and a refused registration leaves the workflow disabled.
import { createHmac, randomBytes } from "node:crypto";
import { startFakeApi, type FakeApi } from "@switchyard/connectors/testing";
import { createConnection, parseKeyRing } from "@switchyard/db";
import { seedWorkflow, startNextServer, useTestDatabase, type NextServer } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const t = useTestDatabase();
const PUBLIC_URL = "http://switchyard.test";
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY });
let github: FakeApi;
let web: NextServer;
let token: string;
let workspaceId: string;
let nextHookId = 99;

beforeAll(async () => {
  github = await startFakeApi([
    {
      method: "POST",
      path: "/repos/acme/app/hooks",
      check: (r) => (r.headers.authorization === "Bearer gho_acme" ? undefined : "bad token"),
      respond: () => ({ status: 201, body: { id: nextHookId++, active: true } }),
    },
    { method: "DELETE", path: "/repos/acme/app/hooks/99", respond: { status: 204 } },
    { method: "POST", path: "/repos/acme/secret/hooks", respond: { status: 404, body: { message: "Not Found" } } },
  ]);
  web = await startNextServer({
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: "127.0.0.1:1",
    SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SWITCHYARD_PUBLIC_URL: PUBLIC_URL,
    SWITCHYARD_SSRF_GUARD: "off",
    SWITCHYARD_API_BASE_URLS: JSON.stringify({ github: `${github.url}/` }),
  });
  const seeded = await seedWorkflow(
    t.db,
    {
      name: "placeholder",
      trigger: { type: "webhook" },
      steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
    },
    "placeholder",
    "ws-gh",
  );
  token = seeded.apiToken;
  workspaceId = seeded.workspaceId;
  await createConnection(t.db, ring, {
    workspaceId,
    name: "gh",
    connector: "github",
    authKind: "oauth2",
    secrets: { accessToken: "gho_acme" },
  });
}, 120_000);
afterAll(async () => {
  await web?.stop();
  await github?.close();
});

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${web.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const definition = (repo: string) => ({
  name: "On push",
  trigger: {
    type: "webhook",
    uses: "github.webhookEvent",
    connection: "gh",
    with: { owner: "acme", repo, events: ["push"] },
  },
  steps: [{ id: "ref", uses: "core.transform", with: { value: "{{ trigger.payload.ref }}" } }],
});
const registrations = () => github.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/app/hooks");
/** What GitHub was told: the URL to deliver to, and the secret to sign with. */
const lastRegistration = () => (registrations().at(-1)!.json as { config: { url: string; secret: string } }).config;

async function deliver(
  url: string,
  secret: string,
  deliveryId: string,
  payload: object | string = { ref: "refs/heads/main" },
) {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const path = new URL(url).pathname;
  const res = await fetch(`${web.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("connector webhook triggers", () => {
  it("registers on save, verifies and dedupes deliveries, removes the hook on disable, registers afresh on enable", async () => {
    const saved = await api("PUT", "/api/v1/workflows/on-push", definition("app"));
    expect(saved.status).toBe(201);
    expect(saved.body).not.toHaveProperty("hookUrl");
    const { url, secret } = lastRegistration();
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/hooks/[\\w-]+$`));
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const workflowId = saved.body.id as string;

    const first = await deliver(url, secret, "d-1");
    expect(first.status).toBe(202);
    const runs = await t.db.run.findMany({ where: { workflowId }, include: { event: true } });
    expect(first.body).toEqual({ runs: runs.map((r) => r.id) });
    expect(runs.map((r) => [r.source, (r.event!.payload as { event: string; deliveryId: string }).deliveryId])).toEqual(
      [["webhook", "d-1"]],
    );

    // GitHub redelivers with the same delivery id; a forged signature is refused and stores nothing.
    expect((await deliver(url, secret, "d-1")).body).toEqual({ runs: [] });
    const forged = await deliver(url, "not-the-secret", "d-2");
    expect(forged).toMatchObject({
      status: 401,
      body: { error: { code: "invalid_delivery", message: expect.stringContaining("signature does not match") } },
    });
    expect(await t.db.run.count({ where: { workflowId } })).toBe(1);

    // Saving the same definition again registers nothing new.
    expect((await api("PUT", "/api/v1/workflows/on-push", definition("app"))).status).toBe(200);
    expect(registrations()).toHaveLength(1);

    expect((await api("POST", "/api/v1/workflows/on-push/disable")).status).toBe(200);
    expect(github.requests.at(-1)).toMatchObject({ method: "DELETE", path: "/repos/acme/app/hooks/99" });
    expect(await t.db.triggerState.count({ where: { workflowId } })).toBe(0);
    // The URL GitHub knew is retired with the registration.
    expect((await deliver(url, secret, "d-3")).status).toBe(404);

    expect((await api("POST", "/api/v1/workflows/on-push/enable")).status).toBe(200);
    expect(registrations()).toHaveLength(2);
    const again = lastRegistration();
    expect(again.url).not.toBe(url);
    expect(again.secret).not.toBe(secret);
    // The new URL works.
    expect((await deliver(again.url, again.secret, "d-5")).body.runs).toHaveLength(1);

    // Two different deliveries at once are both kept (the loser of the commit race reads again).
    const together = await Promise.all(
      ["d-6", "d-7", "d-8"].map((id) => deliver(again.url, again.secret, id, { ref: "refs/heads/main", after: id })),
    );
    expect(together.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(together.flatMap((r) => r.body.runs)).toHaveLength(3);
    expect(await t.db.run.count({ where: { workflowId } })).toBe(5);

    // Back to a plain webhook: the provider-known URL is retired and the new one is handed out.
    const plain = await api("PUT", "/api/v1/workflows/on-push", { ...definition("app"), trigger: { type: "webhook" } });
    expect(plain.status).toBe(200);
    expect(plain.body.hookUrl).toMatch(/^\/hooks\/[\w-]+$/);
    expect((await deliver(again.url, again.secret, "d-9")).status).toBe(404);
    const viaPlain = await fetch(`${web.url}${plain.body.hookUrl}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(viaPlain.status).toBe(202);
  });

  it("a delivery whose item grows past the limit as stored JSON gets 413 and stores nothing, not even as seen", async () => {
    const saved = await api("PUT", "/api/v1/workflows/big-push", definition("app"));
    expect(saved.status).toBe(201);
    const { url, secret } = lastRegistration();
    // 1e15 is stored as 1000000000000000, four times its size; 25 lists of 8,000 stay within the input policy.
    const list = `[${Array(8_000).fill("1e15").join(",")}]`;
    const body = `{"ref":"refs/heads/main",${Array.from({ length: 25 }, (_, i) => `"l${i}":${list}`).join(",")}}`;
    expect(body.length).toBeLessThan(1024 * 1024);

    const refused = await deliver(url, secret, "big-1", body);
    expect(refused).toMatchObject({
      status: 413,
      body: { error: { code: "payload_too_large", details: { limit: 1024 * 1024 + 64 * 1024 } } },
    });
    expect(refused.body.error.details.bytes).toBeGreaterThan(3 * 1024 * 1024);
    expect(refused.body.error.message).toContain("what the trigger reads from the delivery");
    expect(await t.db.event.count({ where: { workflowId: saved.body.id } })).toBe(0);
    // Had the delivery been recorded as seen, its redelivery would be a silent 202 with no runs.
    expect((await deliver(url, secret, "big-1", body)).status).toBe(413);
    expect((await deliver(url, secret, "small-1")).body.runs).toHaveLength(1);
  });

  it("a webhook trigger whose connection does not exist is a 409, and the workflow stays disabled", async () => {
    const res = await api("PUT", "/api/v1/workflows/no-conn", {
      ...definition("app"),
      trigger: { ...definition("app").trigger, connection: "missing" },
    });
    expect(res).toMatchObject({
      status: 409,
      body: {
        error: {
          code: "trigger_registration_failed",
          message: expect.stringContaining('no connection named "missing"'),
        },
      },
    });
    expect((await api("GET", "/api/v1/workflows/no-conn")).body).toMatchObject({ enabled: false });
  });

  it("a registration the provider refuses answers 502 and leaves the workflow disabled", async () => {
    const res = await api("PUT", "/api/v1/workflows/secret-push", definition("secret"));
    expect(res).toMatchObject({
      status: 502,
      body: { error: { code: "trigger_registration_failed", message: expect.stringContaining("GitHub: not found") } },
    });
    expect((await api("GET", "/api/v1/workflows/secret-push")).body).toMatchObject({ enabled: false, version: 1 });
    expect(await t.db.triggerState.count({ where: { workflow: { slug: "secret-push" } } })).toBe(0);
  });
});
