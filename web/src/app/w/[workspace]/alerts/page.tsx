import { AlertsFeed } from "~/components/alerts/alerts-feed";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const metadata = { title: "Alerts · Switchyard" };

export default async function AlertsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await workspacePage((await params).workspace);
  return <AlertsFeed canMark={hasRole(workspace.role, "editor")} />;
}
