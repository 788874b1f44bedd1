import { describe, expect, it } from "vitest";
import { REDACTED, storableHeaders } from "./headers";

describe("storableHeaders", () => {
  it("keeps every name, and redacts the values of credentials and signatures", () => {
    const credentials = ["authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token", "x-hub-signature", "x-hub-signature-256", "stripe-signature", "x-slack-signature", "x-signature", "x-webhook-secret", "x-gitlab-token", "x-client-key", "x-password"];
    const plain = ["content-type", "user-agent", "x-github-event", "x-github-delivery", "x-request-id", "x-slack-request-timestamp", "idempotency-key", "x-idempotency-key", "x-keyboard", "x-tokens-used"];
    const headers = new Headers([...credentials, ...plain].map((name): [string, string] => [name, `value of ${name}`]));
    expect(storableHeaders(headers)).toEqual(Object.fromEntries([...credentials.map((n) => [n, REDACTED]), ...plain.map((n) => [n, `value of ${n}`])]));
  });
});
