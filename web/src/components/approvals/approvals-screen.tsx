"use client";
import * as Tabs from "@radix-ui/react-tabs";
import { PageHeader } from "~/components/ui/card";
import { ApprovalInbox } from "./approval-inbox";
import { CheckpointStatsPanel } from "./checkpoint-stats-panel";

const TAB =
  "border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 data-[state=active]:border-accent-600 data-[state=active]:text-accent-700";

interface Props {
  workspace: string;
  /** Approvers and up decide; viewers only read the statistics. */
  canDecide: boolean;
  /** Statistics span every checkpoint of a workflow, and runs show every step, so both are for viewers and up, not approvers. */
  canSeeStats: boolean;
}

export function ApprovalsScreen({ workspace, canDecide, canSeeStats }: Props) {
  const first = canDecide ? "pending" : "stats";
  return (
    <div className="max-w-6xl">
      <PageHeader
        title="Approvals"
        description="Checkpoints waiting for a person, what they decided, and how it is going."
      />
      <Tabs.Root defaultValue={first}>
        <Tabs.List aria-label="Approvals" className="mb-4 flex gap-1 border-b border-slate-200">
          {canDecide && (
            <Tabs.Trigger value="pending" className={TAB}>
              Pending
            </Tabs.Trigger>
          )}
          {canDecide && (
            <Tabs.Trigger value="history" className={TAB}>
              History
            </Tabs.Trigger>
          )}
          {canSeeStats && (
            <Tabs.Trigger value="stats" className={TAB}>
              Statistics
            </Tabs.Trigger>
          )}
        </Tabs.List>
        {canDecide && (
          <Tabs.Content value="pending">
            <ApprovalInbox workspace={workspace} status="pending" canReadRuns={canSeeStats} />
          </Tabs.Content>
        )}
        {canDecide && (
          <Tabs.Content value="history">
            <ApprovalInbox workspace={workspace} status="decided" canReadRuns={canSeeStats} />
          </Tabs.Content>
        )}
        {canSeeStats && (
          <Tabs.Content value="stats">
            <CheckpointStatsPanel />
          </Tabs.Content>
        )}
      </Tabs.Root>
    </div>
  );
}
