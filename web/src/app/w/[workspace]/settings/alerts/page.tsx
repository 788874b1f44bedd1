import { AlertsPanel } from "~/components/settings/alerts-panel";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

export default async function AlertSettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await workspacePage((await params).workspace);
  return <AlertsPanel canEdit={hasRole(workspace.role, "admin")} />;
}
