import { redirect } from "next/navigation";

export default async function WorkspaceHome({ params }: { params: Promise<{ workspace: string }> }) {
  redirect(`/w/${(await params).workspace}/workflows`);
}
