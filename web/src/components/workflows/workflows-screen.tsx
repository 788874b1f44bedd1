"use client";
// The workflows list: every workflow with its state and recent runs, or the first-workflow path.
import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "~/components/ui/card";
import { ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { FirstWorkflow } from "./first-workflow";
import { ImportDialog } from "./import-dialog";
import { WorkflowsTable } from "./workflows-table";

export interface WorkflowsScreenProps {
  workspace: string;
  /** Editors and up: toggle, create, import. */
  canEdit: boolean;
}

function NewWorkflowLink({ workspace }: { workspace: string }) {
  return (
    <Link
      href={`/w/${workspace}/workflows/new`}
      className="inline-flex h-9 items-center gap-2 rounded-md bg-accent-600 px-3.5 text-sm font-medium text-white hover:bg-accent-700"
    >
      <Plus aria-hidden className="size-4" />
      New workflow
    </Link>
  );
}

export function WorkflowsScreen({ workspace, canEdit }: WorkflowsScreenProps) {
  const trpc = useTRPC();
  const list = useQuery(trpc.workflows.summaries.queryOptions());
  return (
    <>
      <PageHeader
        title="Workflows"
        description="What each workflow listens to, how its last run went, and its last 7 days."
        actions={
          canEdit && (
            <>
              <ImportDialog workspace={workspace} />
              <NewWorkflowLink workspace={workspace} />
            </>
          )
        }
      />
      {list.isPending ? (
        <Loading label="Loading workflows" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <FirstWorkflow workspace={workspace} canEdit={canEdit} />
      ) : (
        <WorkflowsTable workspace={workspace} canEdit={canEdit} items={list.data} />
      )}
    </>
  );
}
