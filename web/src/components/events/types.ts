// The events procedures' answers as the browser receives them.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/trpc/root";

type EventsOutputs = inferRouterOutputs<AppRouter>["events"];

export type EventSummary = EventsOutputs["list"]["items"][number];
export type EventDetail = EventsOutputs["byId"];
export type RefusalCount = NonNullable<EventsOutputs["list"]["refusals"]>[number];
