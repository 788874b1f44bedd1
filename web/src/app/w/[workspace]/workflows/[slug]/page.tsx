import { redirect } from "next/navigation";

/** A workflow's own address opens it in the editor (links from runs, alerts and the audit log point here). */
export default async function WorkflowPage({ params }: { params: Promise<{ workspace: string; slug: string }> }) {
  const { workspace, slug } = await params;
  redirect(`/w/${workspace}/workflows/${slug}/edit`);
}
