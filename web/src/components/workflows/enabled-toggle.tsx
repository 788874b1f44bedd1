"use client";
// A workflow's on/off switch in the list; editors flip it, others read it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Switch } from "~/components/ui/switch";
import { useTRPC } from "~/lib/trpc/react";

interface ToggleProps {
  slug: string;
  name: string;
  enabled: boolean;
  canEdit: boolean;
}

export function EnabledToggle({ slug, name, enabled, canEdit }: ToggleProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setEnabled = useMutation(
    trpc.workflows.setEnabled.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() }),
    }),
  );
  const on = setEnabled.isPending ? setEnabled.variables.enabled : enabled;
  return (
    <div className="flex flex-col gap-1">
      <Switch
        checked={on}
        onChange={(next) => setEnabled.mutate({ slug, enabled: next })}
        label={on ? "Enabled" : "Disabled"}
        aria-label={`${name} enabled`}
        disabled={!canEdit || setEnabled.isPending}
      />
      {setEnabled.isError && (
        <p role="alert" className="max-w-56 text-xs text-red-600">
          {setEnabled.error.message}
        </p>
      )}
    </div>
  );
}
