"use client";
import { Card } from "~/components/ui/card";
import { useNow } from "~/components/runs/use-now";
import type { WorkflowListItem } from "~/server/services/workflow-summaries";
import { WorkflowRow } from "./workflow-row";

const COLUMNS = ["Workflow", "State", "Trigger", "Last run", "Success (7 d)", "Median (7 d)", "Actions"];

export function WorkflowsTable({
  workspace,
  canEdit,
  items,
}: {
  workspace: string;
  canEdit: boolean;
  items: WorkflowListItem[];
}) {
  const now = useNow(30_000);
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Workflows">
        <thead className="bg-slate-50 text-xs font-medium text-slate-500 uppercase">
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className="px-3 py-2">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <WorkflowRow key={item.id} item={item} workspace={workspace} canEdit={canEdit} now={now} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}
