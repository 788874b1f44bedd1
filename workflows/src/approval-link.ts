// The token an approval mail's link carries: a JWT (HS256) naming one approver and one approval,
// expiring when the checkpoint times out. The worker signs it; web verifies it (through the engine entry).
import { deriveKey, type KeyRing } from "@switchyard/db";
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from "jose";

/** HKDF purpose: a key for these links only, never the encryption key itself. */
const PURPOSE = "approval-link-v1";
const AUDIENCE = "switchyard:approval-link";

export interface ApprovalLink {
  approvalId: string;
  /** The approver the link was mailed to, lower-cased. */
  email: string;
}

/** Why a token does not open an approval: not ours, altered or malformed (`invalid`), or past the checkpoint's timeout. */
export type ApprovalLinkCheck = ({ ok: true } & ApprovalLink) | { ok: false; reason: "invalid" | "expired" };

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export async function signApprovalLink(
  ring: KeyRing,
  link: ApprovalLink & { expiresAt: Date },
  now = new Date(),
): Promise<string> {
  // The key id names the ring key it came from, so links survive a key rotation until the old key is retired.
  return new SignJWT({ approval: link.approvalId })
    .setProtectedHeader({ alg: "HS256", kid: ring.currentKeyId })
    .setSubject(link.email.toLowerCase())
    .setAudience(AUDIENCE)
    .setIssuedAt(seconds(now))
    .setExpirationTime(seconds(link.expiresAt))
    .sign(deriveKey(ring, PURPOSE)!);
}

/** Checks the signature first, then the expiry: an expired link is a real one, just late. */
export async function verifyApprovalLink(ring: KeyRing, token: string, now = new Date()): Promise<ApprovalLinkCheck> {
  const keyFor = (header: JWTHeaderParameters) => {
    const key = header.kid ? deriveKey(ring, PURPOSE, header.kid) : undefined;
    if (!key) throw new errors.JWSSignatureVerificationFailed("unknown key id");
    return key;
  };
  try {
    const { payload } = await jwtVerify(token, keyFor, {
      algorithms: ["HS256"],
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ["sub", "exp", "approval"],
    });
    if (typeof payload.approval !== "string") return { ok: false, reason: "invalid" };
    return { ok: true, approvalId: payload.approval, email: payload.sub! };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    if (err instanceof errors.JOSEError) return { ok: false, reason: "invalid" };
    throw err;
  }
}

/** Where a link token opens its confirmation page (web's app/approvals/email/[token]). */
export const approvalPageUrl = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/+$/, "")}/approvals/email/${token}`;
