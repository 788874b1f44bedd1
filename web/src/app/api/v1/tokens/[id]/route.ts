import { revokeToken } from "~/server/services/tokens";
import { apiRoute } from "../../_lib/route";

/** Revokes the token (it answers 401 from then on) and answers it with `revokedAt`. */
export const DELETE = apiRoute<{ id: string }>("admin", async ({ caller, s, params }) =>
  Response.json(await revokeToken(s, caller, params.id)),
);
