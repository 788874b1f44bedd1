import { z } from "zod";

const HOUR_SECONDS = 60 * 60;

/** `POST /workflows/<slug>/hook/rotate`: how long the old URL keeps working (0 to 7 days; default a day). */
export const rotateHookBody = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * HOUR_SECONDS, "graceSeconds is at most 604800 (7 days)")
      .default(24 * HOUR_SECONDS),
  })
  .strict();
