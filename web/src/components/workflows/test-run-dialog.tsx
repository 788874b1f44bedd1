"use client";
import { useQuery } from "@tanstack/react-query";
import { ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { DialogFrame } from "./dialog-frame";
import { TestRunForm } from "./test-run-form";
import { TEST_RUN_MODES, type TestRunMode } from "./test-run-modes";

interface TestRunDialogProps {
  workspace: string;
  slug: string;
  mode: TestRunMode;
  stepId?: string;
  onClose(): void;
}

/** Loads the latest version's steps and the sample data, then asks what to run with. */
export function TestRunDialog({ workspace, slug, mode, stepId, onClose }: TestRunDialogProps) {
  const trpc = useTRPC();
  const workflow = useQuery(trpc.workflows.bySlug.queryOptions({ slug }));
  const samples = useQuery(trpc.workflows.sampleData.queryOptions({ slug }));
  const { title, hint } = TEST_RUN_MODES.find((m) => m.mode === mode)!;
  return (
    <DialogFrame
      open
      onOpenChange={(open) => !open && onClose()}
      title={title}
      description={`${hint} Runs the latest saved version.`}
    >
      {workflow.isPending || samples.isPending ? (
        <Loading label="Loading sample data" />
      ) : workflow.isError || samples.isError ? (
        <ErrorState
          error={workflow.error ?? samples.error}
          retry={() => void (workflow.refetch(), samples.refetch())}
        />
      ) : (
        <TestRunForm
          workspace={workspace}
          slug={slug}
          mode={mode}
          steps={workflow.data.definition.steps}
          trigger={workflow.data.definition.trigger}
          samples={samples.data}
          initialStep={stepId}
        />
      )}
    </DialogFrame>
  );
}
