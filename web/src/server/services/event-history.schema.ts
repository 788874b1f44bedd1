import { RunStatus } from "@switchyard/db";
import { z } from "zod";
import { pageQuery } from "./pagination";
import { slugSchema } from "./workflows";

/** The status of the run an event started, or `none` for an event without one. */
export const EVENT_STATUSES = [...Object.values(RunStatus), "none"] as const;

/** `GET /api/v1/events?workflow=&source=&status=&limit=&cursor=` */
export const listEventsQuery = pageQuery.extend({
  workflow: slugSchema.optional(),
  /** The event's source as listed: webhook, api, schedule, replay, or an app trigger's operation (github.onPush). */
  source: z
    .string()
    .regex(/^[\w.-]{1,100}$/, "source must be an event source such as webhook, api, schedule, replay or github.onPush")
    .optional(),
  status: z.enum(EVENT_STATUSES, { error: `status must be one of ${EVENT_STATUSES.join(", ")}` }).optional(),
});
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

export const eventById = z.object({ id: z.string().min(1, "id must be an event id") });
