// Sign-in for people (the web app). API tokens stay the way scripts and the CLI authenticate;
// both end in the same ApiCaller and the same role check (roles.ts).
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Db } from "@switchyard/db";
import type { NextAuthOptions } from "next-auth";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { Provider } from "next-auth/providers/index";
import { z } from "zod";

export interface AuthConfig {
  production: boolean;
  /** Signs the session JWT; the caller resolves the development fallback (refused in production). */
  secret: string;
  smtpUrl?: string;
  mailFrom: string;
  github?: { clientId?: string; clientSecret?: string };
  google?: { clientId?: string; clientSecret?: string };
}

export const DEV_LOGIN_ID = "dev-login";
const devLoginInput = z.object({ email: z.email().max(254), name: z.string().trim().max(100).optional() });

/** One-click sign-in as any address, for development and tests; never registered in production. */
function devLogin(db: Db): Provider {
  return CredentialsProvider({
    id: DEV_LOGIN_ID,
    name: "Development login",
    credentials: { email: { label: "Email", type: "email" }, name: { label: "Name", type: "text" } },
    async authorize(credentials) {
      const parsed = devLoginInput.safeParse({ email: credentials?.email, name: credentials?.name || undefined });
      if (!parsed.success) return null;
      const email = parsed.data.email.toLowerCase();
      const user = await db.user.upsert({
        where: { email },
        create: { email, name: parsed.data.name ?? null },
        update: {},
        select: { id: true, email: true, name: true },
      });
      return user;
    },
  });
}

/** What the sign-in page lists: next-auth applies a provider's options (its own id, say) only when it starts. */
export const offeredProviders = (providers: Provider[]) =>
  providers.map((p) => {
    const merged = { ...p, ...(p as { options?: Partial<Provider> }).options };
    return { id: merged.id, name: merged.name, type: merged.type };
  });

/** The providers this deployment offers: email when a mail server is set, GitHub and Google when configured. */
export function authProviders(db: Db, config: AuthConfig): Provider[] {
  const providers: Provider[] = [];
  if (config.smtpUrl) providers.push(EmailProvider({ server: config.smtpUrl, from: config.mailFrom, maxAge: 15 * 60 }));
  const { github, google } = config;
  if (github?.clientId && github.clientSecret)
    providers.push(GitHubProvider({ clientId: github.clientId, clientSecret: github.clientSecret }));
  if (google?.clientId && google.clientSecret)
    providers.push(GoogleProvider({ clientId: google.clientId, clientSecret: google.clientSecret }));
  if (!config.production) providers.push(devLogin(db));
  return providers;
}

/**
 * The Prisma adapter, minus the provider's tokens: sign-in only needs to know who someone is,
 * and an OAuth access token kept in clear would be a secret at rest. Addresses are kept lower
 * case, as the development login and invitations compare them.
 */
function identityOnlyAdapter(db: Db): Adapter {
  const adapter = PrismaAdapter(db as never) as Adapter;
  return {
    ...adapter,
    createUser: (user: AdapterUser) => adapter.createUser!({ ...user, email: user.email.toLowerCase() }),
    getUserByEmail: (email) => adapter.getUserByEmail!(email.toLowerCase()),
    linkAccount: ({ userId, type, provider, providerAccountId }: AdapterAccount) =>
      adapter.linkAccount!({ userId, type, provider, providerAccountId }),
  };
}

export function authOptions(db: Db, config: AuthConfig): NextAuthOptions {
  return {
    adapter: identityOnlyAdapter(db),
    providers: authProviders(db, config),
    secret: config.secret,
    // Credentials sign-in needs JWT sessions; membership and role are read from the database on every request, so a removal takes effect at once.
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin", verifyRequest: "/signin?sent=1", error: "/signin" },
    callbacks: {
      // An invitation is accepted by address, so an address a provider has not verified must not sign in.
      signIn: ({ account, profile }) =>
        account?.provider !== "google" ||
        (profile as { email_verified?: boolean } | undefined)?.email_verified === true,
      jwt: ({ token, user }) => (user ? { ...token, sub: user.id } : token),
      session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token.sub! } }),
    },
  };
}
