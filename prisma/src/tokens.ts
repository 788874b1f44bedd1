import { createHash, randomBytes } from "node:crypto";

// Bearer secrets (API tokens, webhook URL tokens) are stored only as SHA-256:
// they are high-entropy, so a fast hash is enough and lookups stay indexed.
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

export const API_TOKEN_PREFIX = "sy_";

export const generateApiToken = (): string => `${API_TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
export const generateHookToken = (): string => randomBytes(24).toString("base64url");

/** A fresh API token: `token` is shown once to whoever asked for it, only `tokenHash` is stored. */
export function issueApiToken(): { token: string; tokenHash: string } {
  const token = generateApiToken();
  return { token, tokenHash: hashToken(token) };
}
