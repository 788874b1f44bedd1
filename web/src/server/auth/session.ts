import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import { env } from "~/env";
import { services, type Services } from "../context";
import { ApiError } from "../http/errors";
import { stateSecret } from "../services/oauth";
import { authenticateApiToken, type ApiCaller } from "./api-token";
import { authOptions } from "./next-auth";
import { WORKSPACE_HEADER } from "~/lib/workspace-header";
import { sessionCaller } from "./session-caller";

let options: NextAuthOptions | undefined;

/** next-auth's options for this process (built once: the adapter holds the shared database client). */
export function nextAuthOptions(s: Services = services()): NextAuthOptions {
  return (options ??= authOptions(s.db, {
    production: s.production,
    secret: stateSecret(s),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.SWITCHYARD_MAIL_FROM,
    github: { clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET },
    google: { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET },
  }));
}

/** The signed-in person's user id, or null. Only inside a request (it reads the cookies). */
export async function signedInUserId(): Promise<string | null> {
  const session = await getServerSession(nextAuthOptions());
  return session?.user.id ?? null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie rides along with requests other sites make, so a change made with one must come
 * from our own pages. SameSite=Lax already keeps it off cross-site POSTs; this also covers
 * browsers and sibling subdomains where Lax does not.
 */
function refuseForeignOrigin(s: Services, request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(s.oauth.publicUrl).origin)
    throw new ApiError(403, "foreign_origin", `A signed-in change must come from ${s.oauth.publicUrl}, not ${origin}.`);
}

/**
 * Who is calling: a bearer token wins (scripts, the CLI); otherwise the signed-in person in the
 * workspace the page names. Both are then held to the same role check.
 */
export async function authenticate(s: Services, request: Request): Promise<ApiCaller> {
  const authorization = request.headers.get("authorization");
  if (authorization) return authenticateApiToken(s.db, authorization);
  const userId = await requestUserId(s, request);
  if (!userId) return authenticateApiToken(s.db, null);
  return sessionCaller(s.db, userId, request.headers.get(WORKSPACE_HEADER));
}

/** The signed-in person behind an API request (null if none), refused when a change comes from another site. */
export async function requestUserId(s: Services, request: Request): Promise<string | null> {
  const userId = await signedInUserId();
  if (userId) refuseForeignOrigin(s, request);
  return userId;
}
