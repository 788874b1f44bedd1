import { ConnectionsScreen } from "~/components/connections/connections-screen";
import { EmptyState } from "~/components/ui/states";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";
import { services } from "~/server/context";
import { stateSecret } from "~/server/services/oauth";
import { OUTCOME_PARAM, readOutcome } from "~/server/services/oauth-outcome";

export const metadata = { title: "Connections · Switchyard" };

export default async function ConnectionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspace } = await workspacePage((await params).workspace);
  if (!hasRole(workspace.role, "viewer"))
    return (
      <EmptyState title="Connections are for viewers and up">Your approver role shows the approvals inbox.</EmptyState>
    );
  const signed = (await searchParams)[OUTCOME_PARAM];
  // Only what this server signed is shown: a link cannot put its own words in the banner.
  const outcome = typeof signed === "string" ? readOutcome(stateSecret(services()), signed) : null;
  return <ConnectionsScreen workspace={workspace.slug} canEdit={hasRole(workspace.role, "editor")} outcome={outcome} />;
}
