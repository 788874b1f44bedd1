"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import { Button } from "~/components/ui/button";
import { useTRPC } from "~/lib/trpc/react";

/** Saves an old version as the newest one; the history keeps everything in between. */
export function RestoreButton({ slug, version }: { slug: string; version: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const restore = useMutation(
    trpc.workflows.restoreVersion.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() }),
    }),
  );
  return (
    <div className="flex flex-col items-end">
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Restore version ${version}`}
        disabled={restore.isPending}
        onClick={() => restore.mutate({ slug, version })}
      >
        <RotateCcw aria-hidden className="size-3.5" />
        {restore.isPending ? "Restoring…" : "Restore"}
      </Button>
      {restore.isError && (
        <p role="alert" className="max-w-48 text-xs text-red-600">
          {restore.error.message}
        </p>
      )}
      {restore.isSuccess && (
        <p role="status" className="text-xs text-emerald-700">
          Saved as version {restore.data.version}
        </p>
      )}
    </div>
  );
}
