import { randomBytes } from "node:crypto";
import { KeyRing } from "@switchyard/db";
import { decodeProtectedHeader, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signApprovalLink, verifyApprovalLink } from "./approval-link";

// A fixed clock: nothing here depends on today's date.
const now = new Date("2030-01-01T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const keyA = randomBytes(32);
const ring = new KeyRing(keyA);
const link = { approvalId: "appr_1", email: "Ana@Example.com", expiresAt: later(3_600_000) };

describe("approval link tokens", () => {
  it("verify what was signed: one approval, one lower-cased approver, until the checkpoint's timeout", async () => {
    const token = await signApprovalLink(ring, link, now);
    expect(await verifyApprovalLink(ring, token, later(60_000))).toEqual({
      ok: true,
      approvalId: "appr_1",
      email: "ana@example.com",
    });
    expect(await verifyApprovalLink(ring, token, later(3_600_000))).toEqual({ ok: false, reason: "expired" });
    expect(await verifyApprovalLink(ring, token, later(86_400_000))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse a forged, altered or foreign token", async () => {
    const token = await signApprovalLink(ring, link, now);
    const [header, payload, signature] = token.split(".");
    const otherApproval = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), approval: "appr_2" }),
    ).toString("base64url");
    const otherRing = new KeyRing(randomBytes(32));
    const cases = [
      `${header}.${otherApproval}.${signature}`,
      `${header}.${payload}.${signature!.slice(0, -2)}AA`,
      await signApprovalLink(otherRing, link, now),
      "not-a-token",
      // Signed with the encryption key itself rather than the derived one.
      await new SignJWT({ approval: "appr_1" })
        .setProtectedHeader({ alg: "HS256", kid: ring.currentKeyId })
        .setSubject("ana@example.com")
        .setAudience("switchyard:approval-link")
        .setExpirationTime(Math.floor(link.expiresAt.getTime() / 1000))
        .sign(keyA),
    ];
    for (const forged of cases)
      expect(await verifyApprovalLink(ring, forged, later(1000))).toEqual({ ok: false, reason: "invalid" });
  });

  it("keep verifying after a key rotation while the old key is in the ring", async () => {
    const token = await signApprovalLink(ring, link, now);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", kid: ring.currentKeyId });
    const rotated = new KeyRing(randomBytes(32), [keyA]);
    expect(await verifyApprovalLink(rotated, token, later(1000))).toMatchObject({ ok: true });
    const retired = new KeyRing(randomBytes(32));
    expect(await verifyApprovalLink(retired, token, later(1000))).toEqual({ ok: false, reason: "invalid" });
  });
});
