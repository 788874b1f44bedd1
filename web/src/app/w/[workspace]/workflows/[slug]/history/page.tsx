import Link from "next/link";
import { PageHeader } from "~/components/ui/card";
import { ExportMenu } from "~/components/workflows/export-menu";
import { TestRunMenu } from "~/components/workflows/test-run-menu";
import { VersionHistory } from "~/components/workflows/version-history";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

/** A workflow's versions on a page of their own (the editor shows the same in a dialog). */
export default async function WorkflowHistoryPage({
  params,
}: {
  params: Promise<{ workspace: string; slug: string }>;
}) {
  const { workspace, slug } = await params;
  const canEdit = hasRole((await workspacePage(workspace)).workspace.role, "editor");
  return (
    <>
      <PageHeader
        title="Version history"
        description={
          <>
            <Link href={`/w/${workspace}/workflows/${slug}/edit`} className="text-accent-700 hover:underline">
              <code>{slug}</code>
            </Link>
            : pick two versions to compare; restoring saves an old one as the newest.
          </>
        }
        actions={
          <>
            <ExportMenu slug={slug} />
            {canEdit && <TestRunMenu workspace={workspace} slug={slug} />}
          </>
        }
      />
      <VersionHistory workspace={workspace} slug={slug} canEdit={canEdit} />
    </>
  );
}
