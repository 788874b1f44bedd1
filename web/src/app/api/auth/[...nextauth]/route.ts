import NextAuth from "next-auth";
import { nextAuthOptions } from "~/server/auth/session";

// Built per request (options are cached), so `next build` needs no database or secret.
const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) =>
  NextAuth(nextAuthOptions())(req, ctx);

export { handler as GET, handler as POST };
