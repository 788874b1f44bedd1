import { z } from "zod";

const instant = (what: string) =>
  z.iso.datetime({
    offset: true,
    error: `${what} must be an ISO 8601 time with its offset, e.g. 2026-03-07T00:00:00Z`,
  });

/** `POST /workflows/<slug>/schedule/backfill`: the window whose fires run now, each with its scheduled time. */
export const backfillBody = z
  .object({ from: instant("from"), to: instant("to") })
  .strict()
  .transform(({ from, to }) => ({ from: new Date(from), to: new Date(to) }));
