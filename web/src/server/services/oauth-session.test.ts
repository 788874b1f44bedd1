// OAuth2 connections started by a signed-in person in the web app (no API token): the attempt
// records the person, the confirmation page names them, their membership is checked again at the
// callback, and they land back on the connections page with a signed outcome. Against a real
// OAuth2 provider (oauth2-mock-server on 127.0.0.1) and a real database.
import { randomBytes } from "node:crypto";
import { createHttpClient } from "@switchyard/connectors";
import { loadConnectionSecrets, parseKeyRing, updateConnectionSecrets, type Role } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { beginPage, completeOAuth, confirmAttempt, startOAuth, type BrowserAnswer } from "./oauth";
import { OUTCOME_PARAM, readOutcome, signOutcome } from "./oauth-outcome";

const t = useTestDatabase();
const provider = new OAuth2Server();
const PUBLIC_URL = "http://switchyard.test";
const SECRET = randomBytes(32).toString("base64url");
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
let s: Services;
let workspaceId: string;

beforeAll(async () => {
  await provider.issuer.keys.generate("RS256");
  await provider.start(0, "127.0.0.1");
  const issuer = provider.issuer.url!;
  s = {
    production: false,
    db: t.db,
    keyRing: () => ring,
    http: createHttpClient({ ssrf: { enabled: false, allowHosts: [] } }),
    oauth: {
      clients: {
        slack: {
          clientId: "c",
          clientSecret: "s",
          authorizationUrl: `${issuer}/authorize`,
          tokenUrl: `${issuer}/token`,
        },
      },
      secret: SECRET,
      publicUrl: PUBLIC_URL,
    },
  } as unknown as Services;
  workspaceId = (await t.db.workspace.create({ data: { slug: "web", name: "Web" } })).id;
});

afterAll(() => provider.stop());

/** A member as a signed-in session resolves them: no token, the person and their role. */
async function person(email: string, role: Role): Promise<ApiCaller> {
  const user = await t.db.user.create({ data: { email, name: null } });
  await t.db.membership.create({ data: { userId: user.id, workspaceId, role } });
  return { workspaceId, tokenId: null, role, member: { id: user.id, email, name: null, role } };
}

const at = (url: string, init?: RequestInit) => new Request(url, init);
const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

/** Opens the confirmation page and confirms it, as the person's browser does: the provider URL and the binding cookie. */
async function confirm(authorizationUrl: string) {
  const page = await beginPage(s, at(authorizationUrl));
  const sent = await confirmAttempt(
    s,
    at(`${PUBLIC_URL}/api/v1/oauth/begin`, {
      method: "POST",
      body: new URLSearchParams(page.form!.fields).toString(),
      headers: {
        origin: PUBLIC_URL,
        cookie: cookiePair(page.cookies![0]!),
        "content-type": "application/x-www-form-urlencoded",
      },
    }),
  );
  if (!("redirect" in sent)) throw new Error(`not confirmed: ${sent.lines.join(" ")}`);
  return { page, providerUrl: sent.redirect, binding: cookiePair(sent.cookies[0]!) };
}

/** The provider (which skips consent) answers with a code; the callback is then opened with the binding cookie. */
async function authorizeAndReturn(providerUrl: string, binding: string): Promise<BrowserAnswer> {
  const res = await fetch(providerUrl, { redirect: "manual" });
  return completeOAuth(s, at(res.headers.get("location")!, { headers: { cookie: binding } }));
}

function landing(answer: BrowserAnswer) {
  if (!("redirect" in answer)) throw new Error(`no redirect: ${answer.lines.join(" ")}`);
  const url = new URL(answer.redirect);
  return { path: `${url.origin}${url.pathname}`, outcome: readOutcome(SECRET, url.searchParams.get(OUTCOME_PARAM)!) };
}

describe("OAuth2 started from a signed-in session", () => {
  it("records the person, names them on the confirmation page, and sends them back to the connections page connected", async () => {
    const ana = await person("ana@example.com", "editor");
    const { authorizationUrl } = await startOAuth(s, ana, "slack", { name: "web-slack" });
    const attempt = await t.db.oAuthAttempt.findFirstOrThrow({ where: { workspaceId, name: "web-slack" } });
    expect(attempt).toMatchObject({ tokenId: null, userId: ana.member!.id });

    const { page, providerUrl, binding } = await confirm(authorizationUrl);
    expect(page.lines.join("\n")).toContain("Asked by: ana@example.com (editor), at ");
    const answer = await authorizeAndReturn(providerUrl, binding);

    expect(landing(answer)).toEqual({
      path: `${PUBLIC_URL}/w/web/connections`,
      outcome: { ok: true, name: "web-slack", reconnected: false },
    });
    expect(answer.cookies).toEqual([expect.stringMatching(/Max-Age=0/)]);
    const row = await t.db.connection.findFirstOrThrow({ where: { workspaceId, name: "web-slack" } });
    expect(row).toMatchObject({ connector: "slack", authKind: "oauth2", status: "active" });
    expect(await t.db.auditEntry.findFirst({ where: { workspaceId, targetId: row.id } })).toMatchObject({
      action: "connection.create",
      actorId: ana.member!.id,
      actorLabel: "ana@example.com",
    });
  });

  it("a person demoted to viewer after confirming connects nothing and is told why on the connections page", async () => {
    const bo = await person("bo@example.com", "editor");
    const { authorizationUrl } = await startOAuth(s, bo, "slack", { name: "demoted-slack" });
    const { providerUrl, binding } = await confirm(authorizationUrl);
    await t.db.membership.updateMany({ where: { userId: bo.member!.id }, data: { role: "viewer" } });

    const { outcome } = landing(await authorizeAndReturn(providerUrl, binding));
    expect(outcome).toMatchObject({ ok: false, name: "demoted-slack" });
    expect(outcome!.message).toContain("no longer a member of this workspace with the editor role or higher");
    expect(await t.db.connection.count({ where: { workspaceId, name: "demoted-slack" } })).toBe(0);
  });

  it("a person removed before confirming gets a refusal page, not a form", async () => {
    const cy = await person("cy@example.com", "admin");
    const { authorizationUrl } = await startOAuth(s, cy, "slack", { name: "removed-slack" });
    await t.db.membership.deleteMany({ where: { userId: cy.member!.id } });
    const refused = await beginPage(s, at(authorizationUrl)).catch((e: { page: unknown }) => e.page);
    expect(refused).toMatchObject({ status: 400, title: "Not connected" });
    expect(refused).not.toHaveProperty("form");
  });

  it("declining at the provider lands back on the connections page with the reason", async () => {
    const di = await person("di@example.com", "owner");
    const { authorizationUrl } = await startOAuth(s, di, "slack", { name: "declined-slack" });
    const { providerUrl, binding } = await confirm(authorizationUrl);
    const state = new URL(providerUrl).searchParams.get("state")!;
    const answer = await completeOAuth(
      s,
      at(`${PUBLIC_URL}/api/v1/oauth/callback?error=access_denied&state=${state}`, { headers: { cookie: binding } }),
    );
    expect(landing(answer).outcome).toEqual({
      ok: false,
      name: "declined-slack",
      message: 'You declined access, so "declined-slack" was not connected.',
    });
  });

  it("reconnect replaces the tokens of the connection that needs re-auth, only when asked, and only for the same connector", async () => {
    const ed = await person("ed@example.com", "editor");
    const row = await t.db.connection.findFirstOrThrow({ where: { workspaceId, name: "web-slack" } });
    await t.db.connection.update({ where: { id: row.id }, data: { status: "needs_reauth" } });
    // The mock server issues the same JWT for the same claims within a second: a known stale token tells them apart.
    await updateConnectionSecrets(t.db, ring, workspaceId, row.id, { accessToken: "stale" });

    await expect(startOAuth(s, ed, "slack", { name: "web-slack" })).rejects.toMatchObject({ status: 409 });
    await expect(startOAuth(s, ed, "slack", { name: "nothing-here", reconnect: true })).rejects.toMatchObject({
      status: 404,
      message: 'No slack connection named "nothing-here" to reconnect in this workspace.',
    });
    const { authorizationUrl } = await startOAuth(s, ed, "slack", { name: "web-slack", reconnect: true });
    const { providerUrl, binding } = await confirm(authorizationUrl);
    expect(landing(await authorizeAndReturn(providerUrl, binding)).outcome).toEqual({
      ok: true,
      name: "web-slack",
      reconnected: true,
    });

    const after = await t.db.connection.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("active");
    const secrets = (await loadConnectionSecrets<{ accessToken: string }>(t.db, ring, workspaceId, row.id)).secrets;
    expect(secrets.accessToken).not.toBe("stale");
    expect(await t.db.connection.count({ where: { workspaceId, name: "web-slack" } })).toBe(1);
    expect(await t.db.auditEntry.count({ where: { targetId: row.id, action: "connection.reconnect" } })).toBe(1);
  });

  it("an outcome not signed by this server shows nothing", () => {
    const genuine = signOutcome(SECRET, { ok: false, name: "x", message: "Call +1 555 0100 to fix this" });
    expect(readOutcome(SECRET, genuine)).toMatchObject({ ok: false });
    expect(readOutcome("another-secret-another-secret-xx", genuine)).toBeNull();
    const [, sig] = genuine.split(".");
    const forged = `${Buffer.from(JSON.stringify({ ok: true, name: "evil" })).toString("base64url")}.${sig}`;
    expect(readOutcome(SECRET, forged)).toBeNull();
    expect(readOutcome(SECRET, undefined)).toBeNull();
  });
});
