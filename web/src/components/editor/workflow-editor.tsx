"use client";
// The workflow editor: loads the workflow (or starts a new one), the catalog and the
// workspace's connections, then hands them to the editor itself.
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { useQuery } from "@tanstack/react-query";
import { ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { LoadedEditor } from "./loaded-editor";

export interface WorkflowEditorProps {
  workspace: string;
  /** Absent: a new workflow. */
  slug?: string;
  canEdit: boolean;
  /** `?sampleFromRun=`: the run whose outputs the data picker shows. */
  sampleRunId?: string;
}

const NEW_WORKFLOW: WorkflowDefinition = { name: "Untitled workflow", trigger: { type: "webhook" }, steps: [] };

export function WorkflowEditor(props: WorkflowEditorProps) {
  const trpc = useTRPC();
  const workflow = useQuery({
    ...trpc.workflows.bySlug.queryOptions({ slug: props.slug ?? "" }),
    enabled: !!props.slug,
    staleTime: Infinity,
  });
  const catalog = useQuery({ ...trpc.editor.catalog.queryOptions(), staleTime: Infinity });
  const connections = useQuery(trpc.editor.connections.queryOptions());
  const failed = [workflow, catalog, connections].find((q) => q.isError);
  if (failed)
    return (
      <div className="p-2">
        <ErrorState error={failed.error} retry={() => void failed.refetch()} />
      </div>
    );
  if ((props.slug && !workflow.data) || !catalog.data || !connections.data)
    return <Loading label="Loading the editor" />;
  return (
    <LoadedEditor
      {...props}
      slug={props.slug ?? null}
      initial={workflow.data?.definition ?? NEW_WORKFLOW}
      version={workflow.data?.version ?? null}
      catalog={catalog.data}
      connections={connections.data}
    />
  );
}
