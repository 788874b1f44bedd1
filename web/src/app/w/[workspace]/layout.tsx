import type { ReactNode } from "react";
import { AppShell } from "~/components/shell/app-shell";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ workspace: string }>;
}) {
  const page = await workspacePage((await params).workspace);
  return (
    <AppShell workspace={page.workspace} workspaces={page.workspaces} user={page.user}>
      {children}
    </AppShell>
  );
}
