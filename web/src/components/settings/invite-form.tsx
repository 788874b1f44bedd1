"use client";
import { useMutation } from "@tanstack/react-query";
import type { Role } from "@switchyard/db";
import { Send } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { CopyButton } from "~/components/ui/copy-button";
import { Field, Input } from "~/components/ui/field";
import { useTRPC } from "~/lib/trpc/react";
import { grantableRoles, RoleSelect } from "./role-select";
import { useRefresh } from "./use-settings";

/** Shown once, after an invitation that could not be mailed (development without a mail server). */
function UnmailedLink({ email, url }: { email: string; url: string }) {
  return (
    <div
      role="status"
      data-testid="invite-link"
      className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm"
    >
      <p>
        No mail server is configured, so the invitation was not mailed. Send {email} this link yourself; it is shown
        only now:
      </p>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs">{url}</code>
        <CopyButton text={url} label="Copy link" />
      </div>
    </div>
  );
}

export function InviteForm({ myRole }: { myRole: Role }) {
  const trpc = useTRPC();
  const refresh = useRefresh("invitations");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const invite = useMutation(trpc.settings.invite.mutationOptions({ onSuccess: () => void refresh() }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email, role }, { onSuccess: () => setEmail("") });
  };
  const sent = invite.data;
  return (
    <Card className="space-y-4 p-4">
      <form onSubmit={submit} aria-label="Invite someone" className="flex flex-wrap items-end gap-3">
        <Field label="Email address" className="min-w-64 flex-1" error={invite.error?.message}>
          {(control) => (
            <Input
              {...control}
              type="email"
              required
              maxLength={254}
              placeholder="colleague@example.com"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Role" className="w-40">
          {(control) => <RoleSelect {...control} value={role} roles={grantableRoles(myRole)} onChange={setRole} />}
        </Field>
        <Button type="submit" variant="primary" disabled={invite.isPending}>
          <Send aria-hidden className="size-4" /> {invite.isPending ? "Inviting…" : "Send invitation"}
        </Button>
      </form>
      {sent?.mailed && (
        <p role="status" className="text-sm text-emerald-700">
          Invitation mailed to {sent.invitation.email}.
        </p>
      )}
      {sent?.acceptUrl && <UnmailedLink email={sent.invitation.email} url={sent.acceptUrl} />}
    </Card>
  );
}
