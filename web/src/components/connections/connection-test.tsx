"use client";
import { useMutation } from "@tanstack/react-query";
import { CheckCircle2, XCircle } from "lucide-react";
import { Button } from "~/components/ui/button";
import { useTRPC } from "~/lib/trpc/react";

/** "Test connection": the connector's own check, answered with what failed (never a secret). */
export function ConnectionTest({ id, testable }: { id: string; testable: boolean }) {
  const trpc = useTRPC();
  const test = useMutation(trpc.connections.test.mutationOptions());
  if (!testable) return <p className="text-sm text-slate-600">This connector has no connection test.</p>;
  const result = test.data;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button onClick={() => test.mutate({ id })} disabled={test.isPending}>
        {test.isPending ? "Testing…" : "Test connection"}
      </Button>
      <div aria-live="polite" data-testid="connection-test-result" className="text-sm">
        {result?.ok && (
          <span className="inline-flex items-center gap-1.5 text-emerald-700">
            <CheckCircle2 aria-hidden className="size-4" />
            The connection works.
          </span>
        )}
        {result && !result.ok && (
          <span className="inline-flex items-center gap-1.5 text-red-700">
            <XCircle aria-hidden className="size-4" />
            {result.error}
          </span>
        )}
        {test.error && <span className="text-red-700">{test.error.message}</span>}
      </div>
    </div>
  );
}
