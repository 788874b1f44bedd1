import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { services } from "~/server/context";
import { readLimitedBody } from "~/server/http/body";
import { ApiError } from "~/server/http/errors";
import { appRouter } from "~/server/trpc/root";

/**
 * The request as tRPC gets it: however tRPC consumes the body (JSON, form data
 * or a stream), it is read through readLimitedBody, so the REST limit applies
 * and an oversized body is refused (413) as it arrives, never buffered whole.
 * It is read only when a procedure asks for its input.
 */
function withBodyLimit(req: Request, maxBytes: number): Request {
  if (!req.body) return req;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          controller.enqueue(await readLimitedBody(req, maxBytes));
          controller.close();
        } catch (err) {
          controller.error(err instanceof ApiError && err.status === 413 ? new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: err.message, cause: err }) : err);
        }
      },
    },
    // Nothing is pulled before tRPC reads.
    { highWaterMark: 0 },
  );
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal, duplex: "half" } as RequestInit);
}

const handler = async (req: Request) => {
  const s = services();
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: withBodyLimit(req, s.webhookMaxBytes),
    router: appRouter,
    createContext: () => ({ services: s, authorization: req.headers.get("authorization") }),
  });
  // The refused body was left unread, so the connection cannot carry another request.
  if (res.status === 413) res.headers.set("connection", "close");
  return res;
};

export { handler as GET, handler as POST };
