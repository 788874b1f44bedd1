import { MembersPanel } from "~/components/settings/members-panel";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

export default async function MembersPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, userId } = await workspacePage((await params).workspace);
  return <MembersPanel slug={workspace.slug} myRole={workspace.role} myUserId={userId} />;
}
