import { Suspense } from "react";
import { EventsScreen } from "~/components/events/events-screen";
import { Loading } from "~/components/ui/states";

export const metadata = { title: "Events · Switchyard" };

export default async function EventsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  // The filters are read from the URL on the client.
  return (
    <Suspense fallback={<Loading label="Loading events" />}>
      <EventsScreen workspace={workspace} />
    </Suspense>
  );
}
