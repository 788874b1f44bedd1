import { AuditLogView } from "~/components/audit/audit-log-view";
import { EmptyState } from "~/components/ui/states";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const metadata = { title: "Audit log · Switchyard" };

export default async function AuditPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await workspacePage((await params).workspace);
  if (!hasRole(workspace.role, "admin"))
    return (
      <EmptyState title="The audit log is for admins">
        Ask an owner or admin of {workspace.name} if you need to know who changed something.
      </EmptyState>
    );
  return <AuditLogView />;
}
