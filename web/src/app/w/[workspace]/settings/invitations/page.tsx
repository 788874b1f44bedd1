import { AdminsOnly } from "~/components/settings/admins-only";
import { InvitationsPanel } from "~/components/settings/invitations-panel";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

export default async function InvitationsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await workspacePage((await params).workspace);
  if (!hasRole(workspace.role, "admin")) return <AdminsOnly what="Invitations" />;
  return <InvitationsPanel myRole={workspace.role} />;
}
