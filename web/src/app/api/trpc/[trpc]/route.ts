import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { authenticate, requestUserId } from "~/server/auth/session";
import { services } from "~/server/context";
import { readLimitedBody } from "~/server/http/body";
import { BodyTooLargeError } from "~/server/http/api-error";
import { retryAfterHeader } from "~/server/http/errors";
import { appRouter } from "~/server/trpc/root";

/**
 * The request as tRPC gets it: however tRPC consumes the body (JSON, form data
 * or a stream), it is read through readLimitedBody, so the REST limit applies
 * and an oversized body is refused (413) as it arrives, never buffered whole.
 * It is read only when a procedure asks for its input. `refused` tells whether a
 * 413 left part of the body unread.
 */
function withBodyLimit(req: Request, maxBytes: number): { request: Request; refused?: BodyTooLargeError } {
  if (!req.body) return { request: req };
  const limited: { request: Request; refused?: BodyTooLargeError } = { request: req };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          controller.enqueue(await readLimitedBody(req, maxBytes));
          controller.close();
        } catch (err) {
          if (!(err instanceof BodyTooLargeError)) return controller.error(err);
          limited.refused = err;
          controller.error(new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: err.message, cause: err }));
        }
      },
    },
    // Nothing is pulled before tRPC reads.
    { highWaterMark: 0 },
  );
  limited.request = new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body,
    signal: req.signal,
    duplex: "half",
  } as RequestInit);
  return limited;
}

const handler = async (req: Request) => {
  const s = services();
  const limited = withBodyLimit(req, s.webhookMaxBytes);
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limited.request,
    router: appRouter,
    createContext: () => ({
      services: s,
      authenticate: () => authenticate(s, req),
      signedInUserId: () => requestUserId(s, req),
    }),
    // tRPC picks the status (503 for an unreachable database, from its code); the header comes from the cause, as REST's does.
    responseMeta: ({ errors }) => ({ headers: Object.assign({}, ...errors.map((e) => retryAfterHeader(e.cause))) }),
  });
  // Part of the refused body is still on the wire, so the connection cannot carry another request.
  if (limited.refused?.unread) res.headers.set("connection", "close");
  return res;
};

export { handler as GET, handler as POST };
