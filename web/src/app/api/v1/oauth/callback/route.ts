// Browsers arrive here from the provider, without a bearer token: the signed state and the binding cookie set when the person confirmed are the credentials.
import { completeOAuth } from "~/server/services/oauth";
import { pageRoute } from "../_lib/page";

export const dynamic = "force-dynamic";

export const GET = pageRoute(completeOAuth);
