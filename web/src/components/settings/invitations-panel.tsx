"use client";
import { TableHead } from "~/components/ui/table-head";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Role } from "@switchyard/db";
import { XCircle } from "lucide-react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { Timestamp } from "~/components/ui/timestamp";
import { hasRole } from "~/lib/roles";
import { useTRPC } from "~/lib/trpc/react";
import { InviteForm } from "./invite-form";
import { useRefresh } from "./use-settings";

interface InvitationItem {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  invitedBy: string | null;
}

function InvitationRow({ invitation, myRole }: { invitation: InvitationItem; myRole: Role }) {
  const trpc = useTRPC();
  const refresh = useRefresh("invitations");
  const revoke = useMutation(trpc.settings.revokeInvitation.mutationOptions({ onSuccess: refresh }));
  return (
    <tr data-testid="invitation-row" data-email={invitation.email} className="border-t border-slate-100">
      <td className="px-3 py-2 font-medium break-all">{invitation.email}</td>
      <td className="px-3 py-2 capitalize">{invitation.role}</td>
      <td className="px-3 py-2 text-slate-600">{invitation.invitedBy ?? "—"}</td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">
        <Timestamp iso={invitation.expiresAt} />
      </td>
      <td className="px-3 py-2 text-right">
        {hasRole(myRole, invitation.role) && (
          <ConfirmDialog
            trigger={
              <>
                <XCircle aria-hidden className="size-4" /> Revoke
              </>
            }
            triggerProps={{ "aria-label": `Revoke the invitation for ${invitation.email}` }}
            title={`Revoke the invitation for ${invitation.email}?`}
            description="The link stops working at once. You can invite them again later."
            confirmLabel="Revoke invitation"
            onConfirm={() => revoke.mutateAsync({ id: invitation.id })}
          />
        )}
      </td>
    </tr>
  );
}

function PendingList({ myRole }: { myRole: Role }) {
  const trpc = useTRPC();
  const invitations = useQuery(trpc.settings.invitations.queryOptions());
  if (invitations.isPending) return <Loading label="Loading invitations" />;
  if (invitations.isError) return <ErrorState error={invitations.error} retry={() => void invitations.refetch()} />;
  if (!invitations.data.length)
    return (
      <EmptyState title="No pending invitations">
        Invitations you send appear here until they are accepted or expire.
      </EmptyState>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Pending invitations</caption>
        <TableHead headings={["Email", "Role", "Invited by", "Expires"]} actions />
        <tbody>
          {invitations.data.map((i) => (
            <InvitationRow key={i.id} invitation={i} myRole={myRole} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Invite by email with a role no higher than your own; pending invitations, with expiry, revocable. */
export function InvitationsPanel({ myRole }: { myRole: Role }) {
  return (
    <div className="space-y-6">
      <InviteForm myRole={myRole} />
      <section aria-labelledby="pending-heading" className="space-y-3">
        <h2 id="pending-heading" className="text-base font-semibold">
          Pending invitations
        </h2>
        <PendingList myRole={myRole} />
      </section>
    </div>
  );
}
