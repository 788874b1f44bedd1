import { services } from "~/server/context";
import { handle } from "~/server/http/errors";
import { receiveHook } from "~/server/services/hooks";

/**
 * 202 with the run it started; 200 with the first run for a repeat of an Idempotency-Key (24 h).
 * Every method comes here; the workflow's trigger says which it takes (default POST, else 405).
 */
const receive = handle(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const accepted = await receiveHook(services(), token, request);
  if ("runId" in accepted) return Response.json({ runId: accepted.runId }, { status: accepted.duplicate ? 200 : 202 });
  return Response.json(accepted, { status: 202 });
});

export { receive as GET, receive as POST, receive as PUT, receive as PATCH, receive as DELETE };
