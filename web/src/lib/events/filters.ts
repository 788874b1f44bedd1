// The events list's filters as they live in the page's URL, which is also the list query they ask for.
import { RUN_STATUSES } from "../runs/filters";
import { oneOf, searchOf } from "../url-filters";

/** The status of the run an event started, or "none" for an event that started none. */
export const EVENT_RUN_STATUSES = [...RUN_STATUSES, "none"] as const;

/** The sources every workspace has; an app trigger's operation (github.onPush) is one too, by link. */
export const EVENT_SOURCES = ["webhook", "api", "schedule", "replay"] as const;

/** What the API takes as a source. */
export const EVENT_SOURCE = /^[\w.-]{1,100}$/;

export interface EventFilters {
  workflow?: string;
  source?: string;
  status?: (typeof EVENT_RUN_STATUSES)[number];
}

/** What the URL asks for; values the API would refuse are left out rather than shown as an error. */
export function readEventFilters(params: URLSearchParams): EventFilters {
  const status = oneOf(EVENT_RUN_STATUSES, params.get("status"));
  const source = params.get("source");
  return {
    ...(params.get("workflow") ? { workflow: params.get("workflow")! } : {}),
    ...(source && EVENT_SOURCE.test(source) ? { source } : {}),
    ...(status ? { status } : {}),
  };
}

export const writeEventFilters = (filters: EventFilters): string => searchOf(filters, ["workflow", "source", "status"]);
