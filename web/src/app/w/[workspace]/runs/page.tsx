import { Suspense } from "react";
import { RunsScreen } from "~/components/runs/runs-screen";
import { Loading } from "~/components/ui/states";

export default async function RunsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  // The filters are read from the URL on the client.
  return (
    <Suspense fallback={<Loading label="Loading runs" />}>
      <RunsScreen workspace={workspace} />
    </Suspense>
  );
}
