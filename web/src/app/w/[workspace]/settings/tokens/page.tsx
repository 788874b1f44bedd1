import { AdminsOnly } from "~/components/settings/admins-only";
import { TokensPanel } from "~/components/settings/tokens-panel";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

export default async function TokensPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await workspacePage((await params).workspace);
  if (!hasRole(workspace.role, "admin")) return <AdminsOnly what="API tokens" />;
  return <TokensPanel myRole={workspace.role} />;
}
