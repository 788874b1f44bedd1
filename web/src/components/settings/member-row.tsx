"use client";
import { useMutation } from "@tanstack/react-query";
import type { Role } from "@switchyard/db";
import { UserMinus } from "lucide-react";
import type { ReactNode } from "react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Timestamp } from "~/components/ui/timestamp";
import { hasRole } from "~/lib/roles";
import { useTRPC } from "~/lib/trpc/react";
import { grantableRoles, RoleSelect } from "./role-select";
import { useRefresh } from "./use-settings";

export interface MemberItem {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string;
}

function RoleCell({ member, myRole, canManage }: { member: MemberItem; myRole: Role; canManage: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh("members");
  const setRole = useMutation(trpc.settings.setRole.mutationOptions({ onSettled: refresh }));
  // An admin sees an owner's role but cannot change it.
  if (!canManage || !hasRole(myRole, member.role)) return <span className="capitalize">{member.role}</span>;
  return (
    <div className="space-y-1">
      <RoleSelect
        aria-label={`Role of ${member.email}`}
        className="w-36"
        value={member.role}
        roles={grantableRoles(myRole)}
        disabled={setRole.isPending}
        onChange={(role) => setRole.mutate({ userId: member.userId, role })}
      />
      {setRole.error && (
        <p role="alert" className="max-w-xs text-xs text-red-600">
          {setRole.error.message}
        </p>
      )}
    </div>
  );
}

function RemoveButton({ member }: { member: MemberItem }) {
  const trpc = useTRPC();
  const refresh = useRefresh("members");
  const remove = useMutation(trpc.settings.removeMember.mutationOptions({ onSuccess: refresh }));
  return (
    <ConfirmDialog
      trigger={
        <>
          <UserMinus aria-hidden className="size-4" /> Remove
        </>
      }
      triggerProps={{ "aria-label": `Remove ${member.email}` }}
      title={`Remove ${member.name ?? member.email}?`}
      description="They lose access to this workspace at once, and the API tokens they made here are revoked."
      confirmLabel="Remove member"
      onConfirm={() => remove.mutateAsync({ userId: member.userId })}
    />
  );
}

export function MemberRow({
  member,
  myRole,
  canManage,
  isMe,
  leave,
}: {
  member: MemberItem;
  myRole: Role;
  canManage: boolean;
  isMe: boolean;
  leave: ReactNode;
}) {
  return (
    <tr data-testid="member-row" data-email={member.email} className="border-t border-slate-100 align-top">
      <td className="px-3 py-2">
        <p className="font-medium">
          {member.name ?? member.email} {isMe && <span className="text-xs font-normal text-slate-500">(you)</span>}
        </p>
        {member.name && <p className="text-xs text-slate-500">{member.email}</p>}
      </td>
      <td className="px-3 py-2">
        <RoleCell member={member} myRole={myRole} canManage={canManage} />
      </td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">
        <Timestamp iso={member.joinedAt} />
      </td>
      <td className="px-3 py-2 text-right">
        {isMe ? leave : canManage && hasRole(myRole, member.role) && <RemoveButton member={member} />}
      </td>
    </tr>
  );
}
