import { describe, expect, it } from "vitest";
import { REDACTED, redactedHeaders, storableHeaders, storableQuery } from "./headers";

const CREDENTIAL_HEADERS = [
  ...[
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
    "x-auth-token",
    "x-hub-signature",
    "x-hub-signature-256",
    "stripe-signature",
    "x-slack-signature",
    "x-signature",
    "x-shopify-hmac-sha256",
  ],
  ...[
    "x-webhook-secret",
    "x-gitlab-token",
    "x-client-key",
    "x-password",
    "apikey",
    "x-apikey",
    "x-auth",
    "x-authorization",
    "x-session-id",
    "x-session-token",
    "x-credential",
    "x-sig",
    "x-passwd",
  ],
  // Harmless, but named like a credential: redacting them costs less than guessing which ones are safe.
  ...["x-keyboard", "x-tokens-used"],
];
const PLAIN_HEADERS = [
  "content-type",
  "user-agent",
  "x-github-event",
  "x-github-delivery",
  "x-request-id",
  "x-slack-request-timestamp",
  "idempotency-key",
  "x-idempotency-key",
];

describe("storableHeaders", () => {
  it("keeps every name, and redacts the values of credentials and signatures wherever the name says so", () => {
    const headers = new Headers(
      [...CREDENTIAL_HEADERS, ...PLAIN_HEADERS].map((name): [string, string] => [name, `value of ${name}`]),
    );
    expect(storableHeaders(headers)).toEqual(
      Object.fromEntries([
        ...CREDENTIAL_HEADERS.map((n) => [n, REDACTED]),
        ...PLAIN_HEADERS.map((n) => [n, `value of ${n}`]),
      ]),
    );
  });
});

describe("storableQuery", () => {
  it("redacts query parameters by the same rule, whatever their case", () => {
    const credentials = [
      "token",
      "api_key",
      "apiKey",
      "access_token",
      "sig",
      "X-Amz-Signature",
      "X-Amz-Credential",
      "client_secret",
      "password",
      "session",
      "auth",
    ];
    const plain = ["a", "page", "event", "idempotency-key", "Idempotency-Key"];
    const params = new URLSearchParams(
      [...credentials, ...plain].map((name): [string, string] => [name, `value of ${name}`]),
    );
    expect(storableQuery(params)).toEqual(
      Object.fromEntries([...credentials.map((n) => [n, REDACTED]), ...plain.map((n) => [n, `value of ${n}`])]),
    );
  });
});

describe("redactedHeaders", () => {
  it("redacts stored headers by the same rule, and the names a workflow's auth reads, whatever their case", () => {
    const stored = { authorization: "Bearer t", "X-Vendor-Proof": "abc", "x-request-id": "r1", "content-length": 3 };
    expect(redactedHeaders(stored, new Set(["x-vendor-proof"]))).toEqual({
      authorization: REDACTED,
      "X-Vendor-Proof": REDACTED,
      "x-request-id": "r1",
      "content-length": "3",
    });
  });
});
