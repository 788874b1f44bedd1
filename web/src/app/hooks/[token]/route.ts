import { services } from "~/server/context";
import { handle } from "~/server/http/errors";
import { receiveHook } from "~/server/services/hooks";

/** 202 with the run it started; 200 with the first run for a repeat of an Idempotency-Key (24 h). */
export const POST = handle(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const accepted = await receiveHook(services(), token, request);
  if ("runId" in accepted) return Response.json({ runId: accepted.runId }, { status: accepted.duplicate ? 200 : 202 });
  return Response.json(accepted, { status: 202 });
});
