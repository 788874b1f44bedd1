import { redirect } from "next/navigation";
import { safeReturn } from "~/lib/safe-return";
import { services } from "~/server/context";
import { offeredProviders } from "~/server/auth/next-auth";
import { nextAuthOptions, signedInUserId } from "~/server/auth/session";
import { SignInForms, type OfferedProvider } from "./sign-in-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in · Switchyard" };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That address was not accepted. Check it and try again.",
  Verification: "This sign-in link has expired or was already used. Ask for a new one.",
  OAuthAccountNotLinked: "This address already signs in another way. Use the method you used before.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeReturn(params.callbackUrl, services().oauth.publicUrl);
  if (await signedInUserId()) redirect(callbackUrl);
  const providers: OfferedProvider[] = offeredProviders(nextAuthOptions().providers);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Switchyard</h1>
          <p className="mt-1 text-sm text-slate-600">Automations that run in parallel, and never lose a step.</p>
        </div>
        {params.sent ? (
          <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
            Check your email: a sign-in link is on its way. It works once, for 15 minutes.
          </p>
        ) : (
          <SignInForms
            providers={providers}
            callbackUrl={callbackUrl}
            error={params.error ? (ERRORS[params.error] ?? "Sign-in failed. Try again.") : undefined}
          />
        )}
      </div>
    </main>
  );
}
