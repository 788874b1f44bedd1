"use client";
// Turns the workflow's trigger on or off (editors and up); a refusal (a trigger that cannot
// register) is announced by the editor.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Switch } from "~/components/ui/switch";
import { useTRPC } from "~/lib/trpc/react";

export function EnableSwitch({ slug, canEdit, onError }: { slug: string; canEdit: boolean; onError(m: string): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workflow = useQuery(trpc.workflows.bySlug.queryOptions({ slug }));
  const setEnabled = useMutation(
    trpc.workflows.setEnabled.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() }),
      onError: (e) => onError(e.message),
    }),
  );
  const enabled = setEnabled.isPending ? setEnabled.variables.enabled : (workflow.data?.enabled ?? false);
  return (
    <Switch
      checked={enabled}
      onChange={(next) => setEnabled.mutate({ slug, enabled: next })}
      label={enabled ? "Enabled" : "Disabled"}
      aria-label="Enable"
      disabled={!canEdit || !workflow.data || setEnabled.isPending}
      className="font-medium disabled:opacity-60"
    />
  );
}
