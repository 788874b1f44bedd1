import { z } from "zod";

/** The suggestion's bar: this many approvals in a row without an edit (default 10) make a checkpoint ready to automate. */
export const checkpointStatsQuery = z.object({
  readyAfter: z.coerce
    .number()
    .int("readyAfter must be an integer")
    .min(1, "readyAfter must be at least 1")
    .max(10_000, "readyAfter must be at most 10000")
    .default(10),
});
export type CheckpointStatsQuery = z.infer<typeof checkpointStatsQuery>;
