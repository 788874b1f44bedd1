import { createHmac } from "node:crypto";
import { authHeaders, webhookAuthSchema, type WebhookAuth } from "@switchyard/workflows/definition";
import { describe, expect, it } from "vitest";
import { checkHookAuth } from "./hook-auth";

const NOW = Date.UTC(2030, 0, 1, 12);
const body = new TextEncoder().encode('{"id":1}');
const auth = (a: object) => webhookAuthSchema.parse(a) as WebhookAuth;
const hmac = (payload: string, secret = "s3cret", alg = "sha256", enc: "hex" | "base64" = "hex") =>
  createHmac(alg, secret).update(payload).digest(enc);
const check = (a: WebhookAuth, headers: Record<string, string>, secret = "s3cret") =>
  checkHookAuth(a, secret, { headers: new Headers(headers), body }, NOW);

describe("checkHookAuth", () => {
  const plain = auth({ type: "hmac", header: "X-Signature", secret: "s3cret" });

  it("takes an HMAC of the raw body bare, after the algorithm's prefix, or among several", () => {
    expect(check(plain, { "x-signature": hmac('{"id":1}') })).toEqual({ ok: true });
    expect(check(plain, { "x-signature": `sha256=${hmac('{"id":1}')}` })).toEqual({ ok: true });
    expect(check(plain, { "x-signature": `sha256=${"0".repeat(64)}, sha256=${hmac('{"id":1}')}` })).toEqual({
      ok: true,
    });
  });

  it("refuses a wrong, truncated, missing or other secret's signature, saying which header", () => {
    const refused = { ok: false, reason: expect.stringContaining("x-signature") };
    expect(check(plain, { "x-signature": hmac('{"id":2}') })).toMatchObject(refused);
    expect(check(plain, { "x-signature": hmac('{"id":1}').slice(0, 40) })).toMatchObject(refused);
    expect(check(plain, { "x-signature": hmac('{"id":1}', "other") })).toMatchObject(refused);
    expect(check(plain, {})).toMatchObject({
      ok: false,
      reason: "The request has no x-signature header with its signature.",
    });
    expect(check(plain, { "x-signature": "not hex at all" })).toMatchObject(refused);
  });

  it("holds a configured prefix, another algorithm and base64", () => {
    const a = auth({
      type: "hmac",
      header: "x-sig",
      secret: "s3cret",
      prefix: "v1=",
      algorithm: "sha512",
      encoding: "base64",
    });
    expect(check(a, { "x-sig": `v1=${hmac('{"id":1}', "s3cret", "sha512", "base64")}` })).toEqual({ ok: true });
    expect(check(a, { "x-sig": hmac('{"id":1}', "s3cret", "sha512", "base64") })).toMatchObject({ ok: false });
  });

  it("signs the timestamp with the body and refuses one outside the tolerance", () => {
    const a = auth({
      type: "hmac",
      header: "x-sig",
      secret: "s3cret",
      timestampHeader: "X-Timestamp",
      tolerance: "5m",
      signedPayload: "{timestamp}.{body}",
    });
    const at = (ms: number) => String(Math.floor(ms / 1000));
    const signed = (ts: string) => ({ "x-sig": hmac(`${ts}.{"id":1}`), "x-timestamp": ts });
    expect(check(a, signed(at(NOW - 60_000)))).toEqual({ ok: true });
    expect(check(a, signed(at(NOW - 6 * 60_000)))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("replay"),
    });
    expect(check(a, signed(at(NOW + 6 * 60_000)))).toMatchObject({ ok: false });
    // The timestamp is part of what is signed: changing it breaks the signature.
    expect(check(a, { ...signed(at(NOW - 60_000)), "x-timestamp": at(NOW) })).toMatchObject({ ok: false });
    expect(check(a, { "x-sig": hmac('{"id":1}') })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("x-timestamp"),
    });
    expect(check(a, signed(new Date(NOW).toISOString()))).toEqual({ ok: true });
  });

  it("compares a shared header and basic credentials", () => {
    const header = auth({ type: "header", name: "X-Token", value: "t0ken" });
    expect(check(header, { "x-token": "t0ken" }, "t0ken")).toEqual({ ok: true });
    expect(check(header, { "x-token": "t0ke" }, "t0ken")).toMatchObject({ ok: false });
    expect(check(header, {}, "t0ken")).toMatchObject({ ok: false, reason: "The request has no x-token header." });

    const basic = auth({ type: "basic", username: "ci", password: "pw" });
    const creds = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}` });
    expect(check(basic, creds("ci", "pw:with:colons"), "pw:with:colons")).toEqual({ ok: true });
    expect(check(basic, creds("ci", "wrong"), "pw")).toMatchObject({
      ok: false,
      challenge: expect.stringMatching(/^Basic realm=/),
    });
    expect(check(basic, creds("other", "pw"), "pw")).toMatchObject({ ok: false });
    expect(check(basic, {}, "pw")).toMatchObject({ ok: false, challenge: expect.any(String) });
  });

  it("names the headers that carry or stand in for the secret", () => {
    expect(authHeaders(plain)).toEqual(["x-signature"]);
    expect(authHeaders(auth({ type: "header", name: "X-Shared", value: "v" }))).toEqual(["x-shared"]);
    expect(authHeaders(auth({ type: "basic", username: "u", password: "p" }))).toEqual(["authorization"]);
    expect(authHeaders(undefined)).toEqual([]);
  });
});
