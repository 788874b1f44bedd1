// Browsers arrive here from the provider, without a bearer token: the signed state is the credential.
import { services } from "~/server/context";
import { completeOAuth, outcomePage } from "~/server/services/oauth";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const s = services();
  try {
    return outcomePage(await completeOAuth(s, new URL(request.url).searchParams));
  } catch (err) {
    s.logger.error("oauth callback failed", { error: err instanceof Error ? err.message : String(err) });
    return outcomePage({ status: 500, title: "Not connected", message: "Internal error; it has been logged." });
  }
}
