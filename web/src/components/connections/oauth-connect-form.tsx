"use client";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/field";
import { useStartOAuth } from "./use-start-oauth";

/** An OAuth2 connection: only its name here; the account is chosen at the provider. */
export function OAuthConnectForm({ connector }: { connector: { slug: string; name: string; scopes: string[] } }) {
  const [name, setName] = useState(connector.slug);
  const start = useStartOAuth();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate({ connector: connector.slug, name });
  };
  return (
    <form onSubmit={submit} className="space-y-4" aria-label={`Connect ${connector.name}`}>
      <Field label="Connection name" hint="Workflows name it in a step's connection: letters, digits, -, _ and . only.">
        {(control) => <Input {...control} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <p className="text-sm text-slate-600">
        You will confirm on Switchyard&apos;s page, then sign in at {connector.name} and allow:{" "}
        <span className="font-mono text-xs">{connector.scopes.join(", ") || "basic access"}</span>.
      </p>
      {start.error && (
        <p role="alert" className="text-sm text-red-600">
          {start.error.message}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={start.isPending || start.isSuccess}>
        {start.isPending || start.isSuccess ? "Opening…" : `Continue to ${connector.name}`}
      </Button>
    </form>
  );
}
