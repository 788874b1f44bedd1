import { ApprovalsScreen } from "~/components/approvals/approvals-screen";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const metadata = { title: "Approvals · Switchyard" };

export default async function ApprovalsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await workspacePage((await params).workspace);
  return (
    <ApprovalsScreen
      workspace={workspace.slug}
      canDecide={hasRole(workspace.role, "approver")}
      canSeeStats={hasRole(workspace.role, "viewer")}
    />
  );
}
