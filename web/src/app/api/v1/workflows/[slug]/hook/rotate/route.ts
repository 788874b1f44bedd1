import { parseInput } from "~/server/services/pagination";
import { renewHookUrl } from "~/server/services/workflows";
import { rotateHookBody } from "~/server/services/workflows.schema";
import { apiRoute, readBody } from "../../../../_lib/route";

/**
 * `{graceSeconds?}`: a new webhook URL, shown this once. The old one keeps working for the grace
 * (default 24 h, at most 7 days, 0 to stop it at once), then answers 404. Answers `{hookUrl, previousValidUntil}`.
 */
export const POST = apiRoute<{ slug: string }>("editor", async ({ request, caller, params, s }) => {
  const { graceSeconds } = parseInput(rotateHookBody, await readBody(request, s));
  return Response.json(await renewHookUrl(s, caller, params.slug, graceSeconds * 1000));
});
