import { notFound } from "next/navigation";
import { EventScreen } from "~/components/events/event-screen";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";
import { services } from "~/server/context";
import { eventInWorkspace } from "~/server/services/event-history";

export const metadata = { title: "Event · Switchyard" };

export default async function EventPage({ params }: { params: Promise<{ workspace: string; eventId: string }> }) {
  const { workspace, eventId } = await params;
  const page = await workspacePage(workspace);
  // Another workspace's event is a 404, like a missing one, before anything of it is rendered.
  if (!(await eventInWorkspace(services().db, page.workspace.id, eventId))) notFound();
  return <EventScreen workspace={workspace} eventId={eventId} canReplay={hasRole(page.workspace.role, "editor")} />;
}
