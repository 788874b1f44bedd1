"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field, Input } from "~/components/ui/field";

export interface OfferedProvider {
  id: string;
  name: string;
  type: string;
}

function EmailForm({ providerId, label, callbackUrl }: { providerId: string; label: string; callbackUrl: string }) {
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    void signIn(providerId, { email, callbackUrl });
  };
  return (
    <form onSubmit={submit} className="space-y-3">
      <Field label="Email address">
        {(control) => (
          <Input
            {...control}
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" className="w-full" disabled={busy}>
        {busy ? "Signing in…" : label}
      </Button>
    </form>
  );
}

export function SignInForms({
  providers,
  callbackUrl,
  error,
}: {
  providers: OfferedProvider[];
  callbackUrl: string;
  error?: string;
}) {
  const email = providers.find((p) => p.type === "email");
  const dev = providers.find((p) => p.type === "credentials");
  const oauth = providers.filter((p) => p.type === "oauth");
  return (
    <Card className="space-y-5 p-6">
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      )}
      {email && <EmailForm providerId={email.id} label="Email me a sign-in link" callbackUrl={callbackUrl} />}
      {oauth.map((p) => (
        <Button key={p.id} className="w-full" onClick={() => void signIn(p.id, { callbackUrl })}>
          Continue with {p.name}
        </Button>
      ))}
      {dev && (
        <div className="space-y-2 border-t border-dashed border-slate-300 pt-4">
          <p className="text-xs text-slate-500">Development only: sign in as any address, no password.</p>
          <EmailForm providerId={dev.id} label="Development login" callbackUrl={callbackUrl} />
        </div>
      )}
      {providers.length === 0 && (
        <p className="text-sm text-slate-600">
          No sign-in method is configured. Set SMTP_URL, or GitHub or Google client ids.
        </p>
      )}
    </Card>
  );
}
