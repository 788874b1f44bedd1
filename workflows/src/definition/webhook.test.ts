// Webhook triggers as the definition states them: auth, keys, sync answers and limits, each
// refused with the exact field and why.
import { builtinRegistry } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate";

const validate = (
  trigger: Record<string, unknown>,
  steps: object[] = [{ id: "a", uses: "core.transform", with: { value: 1 } }],
) => validateDefinition({ name: "Hook", trigger: { type: "webhook", ...trigger }, steps }, builtinRegistry);
const errorsOf = (trigger: Record<string, unknown>, steps?: object[]) => {
  const result = validate(trigger, steps);
  return result.ok ? [] : result.errors;
};

describe("webhook triggers", () => {
  it("takes each kind of auth, with sha256, hex and lower-case header names as defaults", () => {
    const result = validate({ auth: { type: "hmac", header: "X-Hub-Signature-256", secret: "s" } });
    expect(result.ok && result.definition.trigger).toEqual({
      type: "webhook",
      auth: { type: "hmac", header: "x-hub-signature-256", algorithm: "sha256", encoding: "hex", secret: "s" },
    });
    expect(
      errorsOf({ auth: { type: "header", name: "X-Token", value: { sealed: `whsec_${"ab".repeat(16)}` } } }),
    ).toEqual([]);
    expect(
      errorsOf({ auth: { type: "basic", username: "ci", password: { connection: "hook-secrets", field: "pw" } } }),
    ).toEqual([]);
  });

  it("names what is wrong in an auth", () => {
    expect(errorsOf({ auth: { type: "hmac", header: "bad header", secret: "s" } })[0]?.path).toBe(
      "$.trigger.auth.header",
    );
    expect(errorsOf({ auth: { type: "hmac", header: "x-sig", secret: "" } })[0]).toMatchObject({
      path: "$.trigger.auth.secret",
    });
    expect(errorsOf({ auth: { type: "hmac", header: "x-sig", secret: "s", algorithm: "md5" } })[0]?.path).toBe(
      "$.trigger.auth.algorithm",
    );
    expect(errorsOf({ auth: { type: "hmac", header: "x-sig", secret: "s", tolerance: "1m" } })).toEqual([
      {
        path: "$.trigger.auth.tolerance",
        message: "tolerance applies to a timestampHeader: name the header with the delivery's time",
      },
    ]);
    expect(
      errorsOf({ auth: { type: "hmac", header: "x-sig", secret: "s", signedPayload: "{timestamp}.{body}" } }),
    ).toEqual([
      {
        path: "$.trigger.auth.signedPayload",
        message: 'signedPayload uses "{timestamp}": name the header carrying it in timestampHeader',
      },
    ]);
    expect(
      errorsOf({ auth: { type: "hmac", header: "x-sig", secret: "s", signedPayload: "{timestamp}" } })[0]?.message,
    ).toBe('signedPayload must contain "{body}" once');
    expect(errorsOf({ auth: { type: "header", name: "x", value: { sealed: "elsewhere" } } })[0]).toEqual({
      path: "$.trigger.auth.value.sealed",
      message: "not a sealed secret's reference",
    });
  });

  it("refuses an unsigned timestamp, and a key that would store a credential in clear", () => {
    expect(errorsOf({ auth: { type: "hmac", header: "x-sig", secret: "s", timestampHeader: "x-ts" } })).toEqual([
      {
        path: "$.trigger.auth.signedPayload",
        message: 'a timestampHeader must be signed with the body: set signedPayload, e.g. "{timestamp}.{body}"',
      },
    ]);
    const keyError = {
      path: "$.trigger.idempotencyKey",
      message: "idempotencyKey reads a credential, which would be stored in clear as the event's key",
    };
    expect(errorsOf({ idempotencyKey: "{{ headers.authorization }}" })).toEqual([keyError]);
    expect(errorsOf({ idempotencyKey: "{{ query.access_token }}" })).toEqual([keyError]);
    expect(
      errorsOf({ idempotencyKey: "{{ headers.x-shared }}", auth: { type: "header", name: "X-Shared", value: "v" } }),
    ).toEqual([keyError]);
    expect(errorsOf({ idempotencyKey: "{{ headers.idempotency-key }}" })).toEqual([]);
  });

  it("refuses auth, keys and sync on a connector's webhook, which its provider answers", () => {
    expect(
      errorsOf({ uses: "github.webhookEvent", connection: "gh", auth: { type: "header", name: "x", value: "v" } })[0],
    ).toMatchObject({ path: "$.trigger.auth" });
    expect(errorsOf({ uses: "github.webhookEvent", connection: "gh", mode: "sync" })[0]).toMatchObject({
      path: "$.trigger.mode",
    });
  });

  it("takes a plain path as idempotencyKey, and a sync timeout of at most 5 minutes", () => {
    expect(errorsOf({ idempotencyKey: "{{ body.order.id }}" })).toEqual([]);
    expect(errorsOf({ idempotencyKey: "{{ headers.x-request-id }}" })).toEqual([]);
    expect(errorsOf({ idempotencyKey: "{{ $uuid() }}" })[0]?.path).toBe("$.trigger.idempotencyKey");
    expect(errorsOf({ mode: "sync", timeout: "5m" })).toEqual([]);
    expect(errorsOf({ mode: "sync", timeout: "6m" })).toEqual([
      { path: "$.trigger.timeout", message: "a sync webhook waits at most 5m" },
    ]);
    expect(errorsOf({ timeout: "10s" })[0]).toMatchObject({ path: "$.trigger.timeout" });
    expect(errorsOf({ rateLimit: { perSecond: 0, burst: 1 } })[0]?.path).toBe("$.trigger.rateLimit.perSecond");
  });

  it("answers once: core.respond takes no forEach, and its status is a final one", () => {
    expect(
      errorsOf({ mode: "sync" }, [
        { id: "r", uses: "core.respond", with: { status: 201, body: "{{ trigger.body }}" } },
      ]),
    ).toEqual([]);
    expect(errorsOf({}, [{ id: "r", uses: "core.respond", forEach: "{{ trigger.body }}" }])).toEqual([
      { path: "$.steps[0].forEach", message: "a webhook is answered once: core.respond cannot have forEach" },
    ]);
    expect(errorsOf({}, [{ id: "r", uses: "core.respond", with: { status: 101 } }])[0]?.path).toBe(
      "$.steps[0].with.status",
    );
  });
});
