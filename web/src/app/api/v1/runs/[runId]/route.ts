import { authenticateApiToken } from "~/server/auth/api-token";
import { services } from "~/server/context";
import { handle } from "~/server/http/errors";
import { getRun } from "~/server/services/runs";

export const GET = handle(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const { db } = services();
  const caller = await authenticateApiToken(db, request.headers.get("authorization"));
  const { runId } = await params;
  return Response.json(await getRun(db, caller.workspaceId, runId));
});
