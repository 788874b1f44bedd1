"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { useTRPC } from "~/lib/trpc/react";
import type { ConnectionDetail } from "./connection-types";
import { useConnectionChanged } from "./use-connection-changed";

/**
 * Refused while enabled workflows use it (their next run would fail); allowed when only disabled
 * ones do, with a warning naming them, since they cannot run until someone edits them anyway.
 */
export function ConnectionDelete({ workspace, connection }: { workspace: string; connection: ConnectionDetail }) {
  const trpc = useTRPC();
  const router = useRouter();
  const changed = useConnectionChanged();
  const remove = useMutation(trpc.connections.remove.mutationOptions());
  const enabled = connection.usedBy.filter((u) => u.enabled);
  const disabled = connection.usedBy.filter((u) => !u.enabled);
  if (enabled.length)
    return (
      <p className="text-sm text-slate-600">
        Enabled workflows use it ({enabled.map((u) => u.name).join(", ")}): disable them or switch their connection
        before deleting it.
      </p>
    );
  const warning = disabled.length
    ? ` Disabled workflows still name it (${disabled.map((u) => u.name).join(", ")}); they will fail if enabled without a new connection of that name.`
    : "";
  return (
    <ConfirmDialog
      trigger="Delete connection"
      triggerProps={{ variant: "danger", size: "md" }}
      title={`Delete "${connection.name}"?`}
      description={`Its credentials are erased and cannot be recovered.${warning}`}
      confirmLabel="Delete"
      onConfirm={async () => {
        await remove.mutateAsync({ id: connection.id });
        await changed();
        router.push(`/w/${workspace}/connections`);
      }}
    />
  );
}
