import { requireSignedIn } from "~/server/auth/landing";
import { CreateWorkspaceForm } from "~/components/shell/create-workspace-form";
import { ApiProvider } from "~/lib/trpc/react";

export const dynamic = "force-dynamic";
export const metadata = { title: "Create a workspace · Switchyard" };

export default async function Welcome() {
  await requireSignedIn("/welcome");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md space-y-6">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Create your workspace</h1>
          <p className="mt-1 text-sm text-slate-600">
            A workspace holds your team&apos;s workflows, connected accounts and runs. You can invite people next.
          </p>
        </div>
        <ApiProvider workspace={null}>
          <CreateWorkspaceForm />
        </ApiProvider>
      </div>
    </main>
  );
}
