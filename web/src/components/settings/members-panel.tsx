"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Role } from "@switchyard/db";
import { LogOut } from "lucide-react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { hasRole } from "~/lib/roles";
import { useTRPC } from "~/lib/trpc/react";
import { MemberRow } from "./member-row";
import { TableHead } from "~/components/ui/table-head";

function LeaveButton({ slug }: { slug: string }) {
  const trpc = useTRPC();
  // A full load: the shell's workspace list is rendered on the server.
  const leave = useMutation(trpc.workspaces.leave.mutationOptions({ onSuccess: () => window.location.assign("/") }));
  return (
    <ConfirmDialog
      trigger={
        <>
          <LogOut aria-hidden className="size-4" /> Leave
        </>
      }
      triggerProps={{ "aria-label": "Leave this workspace" }}
      title="Leave this workspace?"
      description="You lose access at once, and the API tokens you made here are revoked. Someone must invite you again to come back."
      confirmLabel="Leave workspace"
      onConfirm={() => leave.mutateAsync({ workspace: slug })}
    />
  );
}

const HEADINGS = ["Member", "Role", "Joined"];

/** Everyone in the workspace; owners and admins change roles and remove people, anyone leaves. */
export function MembersPanel({ slug, myRole, myUserId }: { slug: string; myRole: Role; myUserId: string }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.settings.members.queryOptions());
  if (members.isPending) return <Loading label="Loading members" />;
  if (members.isError) return <ErrorState error={members.error} retry={() => void members.refetch()} />;
  if (!members.data.length) return <EmptyState title="No members" />;
  const canManage = hasRole(myRole, "admin");
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Members of this workspace</caption>
        <TableHead headings={HEADINGS} actions />
        <tbody>
          {members.data.map((m) => (
            <MemberRow
              key={m.userId}
              member={m}
              myRole={myRole}
              canManage={canManage}
              isMe={m.userId === myUserId}
              leave={<LeaveButton slug={slug} />}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
