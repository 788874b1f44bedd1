import { createHash, randomBytes } from "node:crypto";

// Bearer secrets (API tokens, webhook URL tokens) are stored only as SHA-256:
// they are high-entropy, so a fast hash is enough and lookups stay indexed.
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

export const API_TOKEN_PREFIX = "sy_";

export const generateApiToken = (): string => `${API_TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
export const generateHookToken = (): string => randomBytes(24).toString("base64url");

/** How much of a token lists show: the scheme and 4 of its 32 random characters. */
export const tokenPrefix = (token: string): string => token.slice(0, API_TOKEN_PREFIX.length + 4);

/** A fresh API token: `token` is shown once to whoever asked for it; only `tokenHash` and `prefix` are stored. */
export function issueApiToken(): { token: string; tokenHash: string; prefix: string } {
  const token = generateApiToken();
  return { token, tokenHash: hashToken(token), prefix: tokenPrefix(token) };
}
