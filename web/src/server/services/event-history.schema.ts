import { z } from "zod";
import { EVENT_RUN_STATUSES, EVENT_SOURCE } from "~/lib/events/filters";
import { pageQuery } from "./pagination";
import { slugSchema } from "./workflows";

/** `GET /api/v1/events?workflow=&source=&status=&limit=&cursor=` */
export const listEventsQuery = pageQuery.extend({
  workflow: slugSchema.optional(),
  /** The event's source as listed: webhook, api, schedule, replay, or an app trigger's operation (github.onPush). */
  source: z
    .string()
    .regex(EVENT_SOURCE, "source must be an event source such as webhook, api, schedule, replay or github.onPush")
    .optional(),
  status: z.enum(EVENT_RUN_STATUSES, { error: `status must be one of ${EVENT_RUN_STATUSES.join(", ")}` }).optional(),
});
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

export const eventById = z.object({ id: z.string().min(1, "id must be an event id") });
