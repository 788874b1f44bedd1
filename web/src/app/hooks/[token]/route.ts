import { services } from "~/server/context";
import { handle } from "~/server/http/errors";
import { receiveHook } from "~/server/services/hooks";

export const POST = handle(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  return Response.json(await receiveHook(services(), token, request), { status: 202 });
});
