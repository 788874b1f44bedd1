"use client";
// An empty workspace's start: one click makes the release-announcement template (disabled) and opens it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Sparkles } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/states";
import { ANNOUNCE_RELEASE } from "~/lib/workflows/templates";
import { useTRPC } from "~/lib/trpc/react";

function TemplateCard() {
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-left">
      <p className="font-medium text-slate-800">{ANNOUNCE_RELEASE.title}</p>
      <p className="mt-1 text-slate-600">{ANNOUNCE_RELEASE.summary}</p>
      <ol className="mt-2 flex flex-wrap gap-1 text-xs" aria-label="Template steps">
        {ANNOUNCE_RELEASE.definition.steps.map((s) => (
          <li key={s.id} className="rounded bg-white px-1.5 py-0.5 ring-1 ring-slate-200">
            <code>{s.uses}</code>
            {s.needs?.length ? ` after ${s.needs.join(" + ")}` : ""}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function FirstWorkflow({ workspace, canEdit }: { workspace: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.workflows.createFromTemplate.mutationOptions({
      onSuccess: async ({ slug }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        router.push(`/w/${workspace}/workflows/${slug}/edit`);
      },
    }),
  );
  return (
    <EmptyState
      title="Create your first workflow"
      action={
        canEdit && (
          <div className="flex flex-col items-center gap-2">
            <Button
              variant="primary"
              disabled={create.isPending || create.isSuccess}
              onClick={() => create.mutate({ template: ANNOUNCE_RELEASE.id })}
            >
              <Sparkles aria-hidden className="size-4" />
              {create.isPending ? "Creating…" : `Start from "${ANNOUNCE_RELEASE.title}"`}
            </Button>
            {create.isError && (
              <p role="alert" className="text-sm text-red-600">
                {create.error.message}
              </p>
            )}
          </div>
        )
      }
    >
      {canEdit ? (
        <div className="space-y-3">
          <p>
            Start from a template: it is created disabled, so nothing runs until you connect accounts and enable it.
          </p>
          <TemplateCard />
        </div>
      ) : (
        <p>No workflows yet. An editor of this workspace can create one.</p>
      )}
    </EmptyState>
  );
}
