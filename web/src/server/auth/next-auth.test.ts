import { startSmtpSink, useTestDatabase } from "@switchyard/devstack/testing";
import type { Provider } from "next-auth/providers/index";
import { describe, expect, it } from "vitest";
import { authOptions, authProviders, DEV_LOGIN_ID, offeredProviders } from "./next-auth";

const config = { production: false, secret: "x".repeat(32), mailFrom: "Switchyard <signin@switchyard.test>" };

type Authorize = (c: Record<string, string>) => Promise<{ id: string; email: string } | null>;
const devAuthorize = (providers: Provider[]) =>
  (
    providers.find((p) => offeredProviders([p])[0]!.id === DEV_LOGIN_ID) as unknown as {
      options: { authorize: Authorize };
    }
  ).options.authorize;

describe("sign-in providers", () => {
  const t = useTestDatabase();

  it("offers email only with a mail server, GitHub and Google only when both their values are set", () => {
    const ids = (c: Parameters<typeof authProviders>[1]) => offeredProviders(authProviders(t.db, c)).map((p) => p.id);
    expect(ids(config)).toEqual([DEV_LOGIN_ID]);
    expect(
      ids({
        ...config,
        smtpUrl: "smtp://127.0.0.1:2525",
        github: { clientId: "gh", clientSecret: "s" },
        google: { clientId: "g" },
      }),
    ).toEqual(["email", "github", DEV_LOGIN_ID]);
  });

  it("has no development login in production", () => {
    const providers = authProviders(t.db, { ...config, production: true, smtpUrl: "smtp://127.0.0.1:2525" });
    expect(offeredProviders(providers).map((p) => p.id)).toEqual(["email"]);
  });

  it("signs in any valid address with the development login, creating the user once", async () => {
    const authorize = devAuthorize(authProviders(t.db, config));
    const first = await authorize({ email: "Ana@Example.com", name: "Ana" });
    expect(first).toMatchObject({ email: "ana@example.com" });
    expect(await authorize({ email: "ana@example.com" })).toMatchObject({ id: first!.id });
    expect(await authorize({ email: "not an address" })).toBeNull();
  });

  it("mails a working magic link through next-auth's email provider on nodemailer 8", async () => {
    const sink = await startSmtpSink();
    try {
      const [email] = authProviders(t.db, { ...config, smtpUrl: sink.url }) as unknown as {
        options: { server: string; from: string };
        sendVerificationRequest: (p: object) => Promise<void>;
      }[];
      const provider = { ...email!, ...email!.options };
      const url = "http://127.0.0.1:3000/api/auth/callback/email?token=abc&email=ana%40example.com";
      await provider.sendVerificationRequest({ identifier: "ana@example.com", url, provider, theme: {} });
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]).toMatchObject({ to: ["ana@example.com"], from: "signin@switchyard.test" });
      expect(sink.messages[0]!.text).toContain(url);
    } finally {
      await sink.close();
    }
  });

  it("stores OAuth accounts without the provider's tokens", async () => {
    const user = await t.db.user.create({ data: { email: "gh@example.com" } });
    const adapter = authOptions(t.db, config).adapter!;
    await adapter.linkAccount!({
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId: "42",
      access_token: "gho_secret",
      refresh_token: "ghr_secret",
      id_token: "eyJ.secret",
    });
    const account = await t.db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account).toMatchObject({ provider: "github", providerAccountId: "42" });
    expect([account.access_token, account.refresh_token, account.id_token]).toEqual([null, null, null]);
  });

  it("keeps addresses lower case, as invitations compare them", async () => {
    const adapter = authOptions(t.db, config).adapter!;
    const user = await adapter.createUser!({ id: "", email: "Bo@Example.COM", emailVerified: null });
    expect(user.email).toBe("bo@example.com");
    expect(await adapter.getUserByEmail!("BO@example.com")).toMatchObject({ id: user.id });
  });

  it("refuses a Google sign-in whose address Google has not verified", async () => {
    const signIn = authOptions(t.db, config).callbacks!.signIn!;
    const google = (email_verified: boolean) =>
      signIn({ account: { provider: "google" }, profile: { email_verified } } as never);
    expect(await google(false)).toBe(false);
    expect(await google(true)).toBe(true);
    expect(await signIn({ account: { provider: DEV_LOGIN_ID } } as never)).toBe(true);
  });
});
