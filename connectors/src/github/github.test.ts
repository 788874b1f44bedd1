import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { HttpError, NonRetryableError } from "../sdk/errors";
import { takeUnseen } from "../sdk/polling";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeRoute,
} from "../sdk/testing";
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
  r.headers.authorization !== `Bearer ${TOKEN}`
    ? `authorization was ${r.headers.authorization}`
    : r.headers["user-agent"] !== "Switchyard"
      ? "missing User-Agent"
      : r.headers["x-github-api-version"] !== "2022-11-28"
        ? "missing API version"
        : r.headers.accept !== "application/vnd.github+json"
          ? `accept was ${r.headers.accept}`
          : undefined;
const withHeaders = (check: (r: FakeRequest) => string | undefined) => (r: FakeRequest) => githubHeaders(r) ?? check(r);

async function ctxFor<P extends z.ZodType>(routes: FakeRoute[], action: { props: P }, props: unknown) {
  api = await startFakeApi(routes.map((r) => ({ ...r, check: withHeaders((q) => r.check?.(q)) })));
  return createMockContext(action, {
    connector: githubConnector,
    props,
    credentials: { accessToken: TOKEN },
    baseUrl: `${api.url}/`,
    webhookUrl: "https://switchyard.example/hooks/abc",
  });
}

const badCredentials = {
  status: 401,
  body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" },
};

describeOperation("github.createIssue contract", {
  connector: githubConnector,
  operation: createIssue,
  props: { owner: "acme", repo: "app", title: "Release 1.2.3", body: "Notes", labels: ["release"] },
  credentials: { accessToken: TOKEN },
  route: {
    method: "POST",
    path: "/repos/acme/app/issues",
    check: withHeaders((r) => {
      const b = r.json as { title?: string; body?: string; labels?: string[]; owner?: string };
      return b.title === "Release 1.2.3" &&
        b.body === "Notes" &&
        b.labels?.join() === "release" &&
        b.owner === undefined
        ? undefined
        : `body was ${r.body}`;
    }),
  },
  ok: { status: 201, body: { id: 1, number: 42, html_url: "https://github.com/acme/app/issues/42", state: "open" } },
  expected: { number: 42, url: "https://github.com/acme/app/issues/42" },
  unauthorized: badCredentials,
  unauthorizedError: "GitHub rejected the connection's token (Bad credentials); reconnect the GitHub account",
  malformed: [
    { status: 201, body: { id: 1, number: "42" } },
    { status: 201, body: null },
  ],
});

describeOperation("github.commentOnIssue contract", {
  connector: githubConnector,
  operation: commentOnIssue,
  props: { owner: "acme", repo: "app", issueNumber: 42, body: "Shipped" },
  credentials: { accessToken: TOKEN },
  route: {
    method: "POST",
    path: "/repos/acme/app/issues/42/comments",
    check: withHeaders((r) => ((r.json as { body?: string }).body === "Shipped" ? undefined : `body was ${r.body}`)),
  },
  ok: { status: 201, body: { id: 7, html_url: "https://github.com/acme/app/issues/42#issuecomment-7" } },
  expected: { id: 7, url: "https://github.com/acme/app/issues/42#issuecomment-7" },
  unauthorized: badCredentials,
  unauthorizedError: "GitHub rejected the connection's token (Bad credentials); reconnect the GitHub account",
  malformed: [{ status: 201, body: { id: "seven" } }],
});

const fileProps = {
  owner: "acme",
  repo: "app",
  path: "docs/CHANGELOG.md",
  content: "# 1.2.3\n",
  message: "Changelog",
  branch: "main",
};
const FILE_PATH = "/repos/acme/app/contents/docs/CHANGELOG.md";
const putFile = (expectSha: string | undefined): Omit<FakeRoute, "respond"> => ({
  method: "PUT",
  path: FILE_PATH,
  check: withHeaders((r) => {
    const b = r.json as { sha?: string; content?: string; branch?: string; message?: string };
    if (b.sha !== expectSha) return `sha was ${b.sha}`;
    return Buffer.from(b.content ?? "", "base64").toString() === "# 1.2.3\n" &&
      b.branch === "main" &&
      b.message === "Changelog"
      ? undefined
      : `body was ${r.body}`;
  }),
});
const fileWritten = {
  content: { name: "CHANGELOG.md", path: "docs/CHANGELOG.md", sha: "new-sha" },
  commit: { sha: "commit-sha", message: "Changelog" },
};

// The update path: the lookup finds the file, and its sha goes into the PUT.
describeOperation("github.createOrUpdateFile contract", {
  connector: githubConnector,
  operation: createOrUpdateFile,
  props: fileProps,
  credentials: { accessToken: TOKEN },
  before: [
    {
      method: "GET",
      path: FILE_PATH,
      check: withHeaders((r) => (r.query.ref === "main" ? undefined : "ref missing")),
      respond: { body: { type: "file", path: "docs/CHANGELOG.md", sha: "old-sha" } },
    },
  ],
  route: putFile("old-sha"),
  ok: { status: 200, body: fileWritten },
  expected: { path: "docs/CHANGELOG.md", sha: "new-sha", commitSha: "commit-sha", created: false },
  // A token that may read but not write: GitHub's answer for missing scopes/permissions.
  unauthorized: { status: 403, body: { message: "Resource not accessible by integration" } },
  unauthorizedError: /^GitHub refused access \(Resource not accessible by integration\).*reconnect/,
  malformed: [
    { status: 200, body: { commit: { sha: "commit-sha" } } },
    { status: 200, body: null },
  ],
});

describe("github error mapping", () => {
  it.each([
    [
      "a secondary rate limit with Retry-After",
      { "retry-after": "120" },
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      120_000,
    ],
    [
      "a primary rate limit (no Retry-After: a minute)",
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000000" },
      "API rate limit exceeded for user ID 1.",
      60_000,
    ],
  ])("makes a 403 for %s retryable by the engine, after one call", async (_name, headers, message, wait) => {
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: "/repos/acme/app/issues",
          respond: {
            status: 403,
            headers,
            body: { message, documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" },
          },
        },
      ],
      createIssue,
      { owner: "acme", repo: "app", title: "x" },
    );
    const err = await createIssue.run!(ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).not.toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({
      name: "RetryableHttpError",
      status: 403,
      retryable: true,
      retryAfterMs: wait,
      message: `GitHub is rate-limiting the connection (${message}); the step will be retried later`,
    });
    expect(api!.requests).toHaveLength(1);
  });
});

describe("github.createOrUpdateFile", () => {
  it("creates a file that does not exist (404 on lookup: no sha sent)", async () => {
    const ctx = await ctxFor(
      [
        { method: "GET", path: FILE_PATH, respond: { status: 404, body: { message: "Not Found" } } },
        { ...putFile(undefined), respond: { status: 201, body: fileWritten } },
      ],
      createOrUpdateFile,
      fileProps,
    );
    expect(await createOrUpdateFile.run!(ctx)).toEqual({
      path: "docs/CHANGELOG.md",
      sha: "new-sha",
      commitSha: "commit-sha",
      created: true,
    });
  });

  it("refuses to overwrite a directory (GitHub lists its contents)", async () => {
    const ctx = await ctxFor(
      [{ method: "GET", path: FILE_PATH, respond: { body: [{ type: "file", name: "a.md" }] } }],
      createOrUpdateFile,
      fileProps,
    );
    await expect(createOrUpdateFile.run!(ctx)).rejects.toThrow("docs/CHANGELOG.md is a directory, not a file");
    expect(api!.requests.map((r) => r.method)).toEqual(["GET"]);
  });
});

describe("github webhook trigger", () => {
  const sign = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

  it("registers a hook with a generated secret, verifies deliveries with it, and removes it on disable", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: "/repos/acme/app/hooks",
          check: (r) =>
            (r.json as { config?: { url?: string } }).config?.url === "https://switchyard.example/hooks/abc"
              ? undefined
              : "bad hook url",
          respond: { status: 201, body: { id: 99 } },
        },
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
    expect(await webhookEvent.parse!({ ...ctx, request: { headers, body } })).toEqual([
      { event: "push", deliveryId: "d-1", payload: { ref: "refs/heads/main" } },
    ]);
    await expect(
      webhookEvent.parse!({
        ...ctx,
        request: { headers: { ...headers, "x-hub-signature-256": sign("wrong", body) }, body },
      }),
    ).rejects.toThrow("signature does not match");
    await expect(
      webhookEvent.parse!({ ...ctx, request: { headers: { ...headers, "x-hub-signature-256": undefined }, body } }),
    ).rejects.toThrow("signature does not match");
    expect(
      await webhookEvent.parse!({
        ...ctx,
        request: {
          headers: { ...headers, "x-github-event": "ping", "x-hub-signature-256": sign(secret, "{}") },
          body: "{}",
        },
      }),
    ).toEqual([]);
    expect(webhookEvent.dedupeKey!({ event: "push", deliveryId: "d-1", payload: {} })).toBe("d-1");

    await webhookEvent.onDisable!(ctx);
    expect(api!.requests.at(-1)).toMatchObject({ method: "DELETE", path: "/repos/acme/app/hooks/99" });
    expect(await ctx.store.get("webhookSecret")).toBeUndefined();
  });

  it("a signed body replayed under a new delivery id starts nothing, nor a new body under an old id", async () => {
    const ctx = createMockContext(webhookEvent, {
      connector: githubConnector,
      props: { owner: "acme", repo: "app" },
      credentials: { accessToken: TOKEN },
      baseUrl: "http://unused/",
    });
    await ctx.store.set("webhookSecret", "s3cret");
    // What the engine does with a delivery: parse, then drop items whose dedupeKey it has seen.
    const deliver = async (deliveryId: string, body: string) =>
      takeUnseen(
        webhookEvent,
        ctx,
        await webhookEvent.parse!({
          ...ctx,
          request: {
            headers: {
              "x-github-event": "push",
              "x-github-delivery": deliveryId,
              "x-hub-signature-256": sign("s3cret", body),
            },
            body,
          },
        }),
      );
    const push = JSON.stringify({ ref: "refs/heads/main", after: "a1" });
    expect(await deliver("d-1", push)).toHaveLength(1);
    expect(await deliver("d-1", push)).toEqual([]);
    expect(await deliver("d-forged", push)).toEqual([]);
    expect(await deliver(" d-1", push)).toEqual([]);
    expect(await deliver("d-1", JSON.stringify({ ref: "refs/heads/main", after: "b2" }))).toEqual([]);
    expect(await deliver("d-3", JSON.stringify({ ref: "refs/heads/main", after: "c3" }))).toHaveLength(1);
  });

  it("signature check is exact", () => {
    expect(verifyGithubSignature("s", "body", sign("s", "body"))).toBe(true);
    expect(verifyGithubSignature("s", "body!", sign("s", "body"))).toBe(false);
    expect(verifyGithubSignature("s", "body", "sha1=abc")).toBe(false);
  });
});
