import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { services } from "~/server/context";
import { appRouter } from "~/server/trpc/root";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ services: services(), authorization: req.headers.get("authorization") }),
  });

export { handler as GET, handler as POST };
