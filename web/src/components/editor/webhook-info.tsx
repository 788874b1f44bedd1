"use client";
// Where to send events: the webhook URL and a ready curl line. Tokens are stored hashed, so
// the URL is shown when a save creates it, or when an editor asks for a new one, and only then.
import { useMutation } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { CopyButton } from "~/components/ui/copy-button";
import { useTRPC } from "~/lib/trpc/react";
import { useEditor } from "./editor-context";

function CopyLine({ label, text }: { label: string; text: string }) {
  return (
    <div className="space-y-1">
      <div className="text-xs font-medium text-slate-600">{label}</div>
      <div className="flex items-start gap-1">
        <code
          className="min-w-0 flex-1 rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all"
          data-testid={`copy-${label.toLowerCase().replace(/\W+/g, "-")}`}
        >
          {text}
        </code>
        <CopyButton text={text} label={`Copy ${label}`} />
      </div>
    </div>
  );
}

function RenewHookUrl({ slug, onRenewed }: { slug: string; onRenewed: (hookUrl: string) => void }) {
  const trpc = useTRPC();
  const renew = useMutation(trpc.workflows.renewHookUrl.mutationOptions({ onSuccess: (r) => onRenewed(r.hookUrl) }));
  return (
    <ConfirmDialog
      trigger={
        <>
          <RefreshCw aria-hidden className="size-4" /> New webhook URL
        </>
      }
      title="Issue a new webhook URL?"
      description="The current URL keeps working for 24 hours, time to give senders the new one, which is shown this once."
      confirmLabel="Issue new URL"
      onConfirm={() => renew.mutateAsync({ slug })}
    />
  );
}

export function WebhookInfo() {
  const { hookUrl: saved, slug, canEdit } = useEditor();
  const [renewed, setRenewed] = useState<string | null>(null);
  const hookUrl = renewed ?? saved;
  if (!hookUrl)
    return (
      <div className="space-y-2 text-sm text-slate-600">
        <p>
          {slug
            ? "The webhook URL was shown when it was issued; its token is stored hashed and cannot be shown again."
            : "Save the workflow to get its webhook URL."}
        </p>
        {slug && canEdit && <RenewHookUrl slug={slug} onRenewed={setRenewed} />}
      </div>
    );
  const url = `${window.location.origin}${hookUrl}`;
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-2">
      <p className="text-xs text-amber-800">Copy it now: the token is shown this once.</p>
      <CopyLine label="Webhook URL" text={url} />
      <CopyLine
        label="curl"
        text={`curl -X POST '${url}' -H 'content-type: application/json' -d '{"hello":"world"}'`}
      />
    </div>
  );
}
