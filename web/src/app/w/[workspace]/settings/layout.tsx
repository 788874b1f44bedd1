import type { ReactNode } from "react";
import { SettingsTabs } from "~/components/settings/settings-tabs";
import { PageHeader } from "~/components/ui/card";
import { workspacePage } from "~/server/auth/landing";

export const metadata = { title: "Settings · Switchyard" };

export default async function SettingsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ workspace: string }>;
}) {
  const { workspace } = await workspacePage((await params).workspace);
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Settings"
        description={`Who works in ${workspace.name}, how scripts reach it, and where its alerts go.`}
      />
      <SettingsTabs slug={workspace.slug} role={workspace.role} />
      {children}
    </div>
  );
}
