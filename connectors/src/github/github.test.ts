import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createMockContext, startFakeApi, type FakeApi, type FakeRequest, type FakeRoute } from "../sdk/testing";
import { createOrUpdateFile } from "./actions/files";
import { commentOnIssue, createIssue } from "./actions/issues";
import { githubConnector } from "./index";
import { verifyGithubSignature, webhookEvent } from "./triggers/webhook";

const TOKEN = "gho_testtoken";
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** GitHub needs these on every call; the fake refuses requests without them. */
const githubHeaders = (r: FakeRequest) =>
  r.headers.authorization !== `Bearer ${TOKEN}` ? "missing token" : r.headers["user-agent"] !== "Switchyard" ? "missing User-Agent" : r.headers["x-github-api-version"] !== "2022-11-28" ? "missing API version" : undefined;

async function ctxFor<P extends z.ZodType>(routes: FakeRoute[], action: { props: P }, props: unknown) {
  api = await startFakeApi(routes.map((r) => ({ ...r, check: (q: FakeRequest) => githubHeaders(q) ?? r.check?.(q) })));
  return createMockContext(action, { connector: githubConnector, props, credentials: { accessToken: TOKEN }, baseUrl: `${api.url}/`, webhookUrl: "https://switchyard.example/hooks/abc" });
}

const issueProps = { owner: "acme", repo: "app", title: "Release 1.2.3", body: "Notes", labels: ["release"] };
const issueRoute = (respond: FakeRoute["respond"]): FakeRoute => ({
  method: "POST",
  path: "/repos/acme/app/issues",
  check: (r) => ((r.json as { title?: string; labels?: string[] }).title === "Release 1.2.3" && (r.json as { labels: string[] }).labels[0] === "release" ? undefined : `body was ${r.body}`),
  respond,
});

describe("github.createIssue", () => {
  it("sends the real request and maps the answer", async () => {
    const ctx = await ctxFor([issueRoute({ status: 201, body: { id: 1, number: 42, html_url: "https://github.com/acme/app/issues/42" } })], createIssue, issueProps);
    expect(await createIssue.run!(ctx)).toEqual({ number: 42, url: "https://github.com/acme/app/issues/42" });
  });

  it("auth failure is a clear, non-retryable error", async () => {
    const ctx = await ctxFor([issueRoute({ status: 401, body: { message: "Bad credentials" } })], createIssue, issueProps);
    await expect(createIssue.run!(ctx)).rejects.toThrow("GitHub rejected the connection's token (Bad credentials); reconnect the GitHub account");
  });

  it("waits out a 429's Retry-After", async () => {
    const ctx = await ctxFor([issueRoute((_r, n) => (n === 1 ? { status: 429, headers: { "retry-after": "1" }, body: { message: "secondary rate limit" } } : { status: 201, body: { number: 43, html_url: "u" } }))], createIssue, issueProps);
    expect(await createIssue.run!(ctx)).toEqual({ number: 43, url: "u" });
    expect(api!.requests).toHaveLength(2);
  });

  it("rejects a malformed response", async () => {
    const ctx = await ctxFor([issueRoute({ status: 201, raw: "{not json" })], createIssue, issueProps);
    await expect(createIssue.run!(ctx)).rejects.toThrow(/malformed JSON/);
  });
});

describe("github.commentOnIssue", () => {
  it("comments on the issue", async () => {
    const ctx = await ctxFor(
      [{ method: "POST", path: "/repos/acme/app/issues/42/comments", check: (r) => ((r.json as { body?: string }).body === "Shipped" ? undefined : "bad body"), respond: { status: 201, body: { id: 7, html_url: "c" } } }],
      commentOnIssue,
      { owner: "acme", repo: "app", issueNumber: 42, body: "Shipped" },
    );
    expect(await commentOnIssue.run!(ctx)).toEqual({ id: 7, url: "c" });
  });
});

describe("github.createOrUpdateFile", () => {
  const props = { owner: "acme", repo: "app", path: "docs/CHANGELOG.md", content: "# 1.2.3\n", message: "Changelog", branch: "main" };
  const put = (expectSha: string | undefined): FakeRoute => ({
    method: "PUT",
    path: "/repos/acme/app/contents/docs/CHANGELOG.md",
    check: (r) => {
      const b = r.json as { sha?: string; content?: string; branch?: string };
      if (b.sha !== expectSha) return `sha was ${b.sha}`;
      return Buffer.from(b.content ?? "", "base64").toString() === "# 1.2.3\n" && b.branch === "main" ? undefined : "bad content";
    },
    respond: { status: expectSha ? 200 : 201, body: { content: { path: "docs/CHANGELOG.md", sha: "new-sha" }, commit: { sha: "commit-sha" } } },
  });

  it("creates a file that does not exist", async () => {
    const ctx = await ctxFor([{ method: "GET", path: "/repos/acme/app/contents/docs/CHANGELOG.md", respond: { status: 404, body: { message: "Not Found" } } }, put(undefined)], createOrUpdateFile, props);
    expect(await createOrUpdateFile.run!(ctx)).toEqual({ path: "docs/CHANGELOG.md", sha: "new-sha", commitSha: "commit-sha", created: true });
  });

  it("updates an existing file with its current sha", async () => {
    const ctx = await ctxFor([{ method: "GET", path: "/repos/acme/app/contents/docs/CHANGELOG.md", check: (r) => (r.query.ref === "main" ? undefined : "ref missing"), respond: { body: { type: "file", sha: "old-sha" } } }, put("old-sha")], createOrUpdateFile, props);
    expect(await createOrUpdateFile.run!(ctx)).toMatchObject({ created: false });
  });
});

describe("github webhook trigger", () => {
  const sign = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

  it("registers a hook with a generated secret, verifies deliveries with it, and removes the hook on disable", async () => {
    const ctx = await ctxFor(
      [
        { method: "POST", path: "/repos/acme/app/hooks", check: (r) => ((r.json as { config?: { url?: string } }).config?.url === "https://switchyard.example/hooks/abc" ? undefined : "bad hook url"), respond: { status: 201, body: { id: 99 } } },
        { method: "DELETE", path: "/repos/acme/app/hooks/99", respond: { status: 204 } },
      ],
      webhookEvent,
      { owner: "acme", repo: "app", events: ["push"] },
    );
    await webhookEvent.onEnable!(ctx);
    const secret = (api!.requests[0]!.json as { config: { secret: string } }).config.secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await ctx.store.get("webhookSecret")).toBe(secret);

    const body = JSON.stringify({ ref: "refs/heads/main" });
    const headers = { "x-github-event": "push", "x-github-delivery": "d-1", "x-hub-signature-256": sign(secret, body) };
    expect(await webhookEvent.parse!({ ...ctx, request: { headers, body } })).toEqual([{ event: "push", deliveryId: "d-1", payload: { ref: "refs/heads/main" } }]);
    await expect(webhookEvent.parse!({ ...ctx, request: { headers: { ...headers, "x-hub-signature-256": sign("wrong", body) }, body } })).rejects.toThrow("signature does not match");
    await expect(webhookEvent.parse!({ ...ctx, request: { headers: { ...headers, "x-hub-signature-256": undefined }, body } })).rejects.toThrow("signature does not match");
    expect(await webhookEvent.parse!({ ...ctx, request: { headers: { ...headers, "x-github-event": "ping", "x-hub-signature-256": sign(secret, "{}") }, body: "{}" } })).toEqual([]);
    expect(webhookEvent.dedupeKey!({ event: "push", deliveryId: "d-1", payload: {} })).toBe("d-1");

    await webhookEvent.onDisable!(ctx);
    expect(api!.requests.at(-1)).toMatchObject({ method: "DELETE", path: "/repos/acme/app/hooks/99" });
    expect(await ctx.store.get("webhookSecret")).toBeUndefined();
  });

  it("signature check is exact", () => {
    expect(verifyGithubSignature("s", "body", sign("s", "body"))).toBe(true);
    expect(verifyGithubSignature("s", "body!", sign("s", "body"))).toBe(false);
    expect(verifyGithubSignature("s", "body", "sha1=abc")).toBe(false);
  });
});
