import { parseEnv } from "@switchyard/connectors";
import { databaseEnv } from "@switchyard/db";
import { temporalEnv } from "@switchyard/workflows/config";
import { z } from "zod";

export const env = parseEnv(
  {
    ...databaseEnv,
    ...temporalEnv,
    /** Largest webhook body accepted, in bytes (default 1 MiB). */
    SWITCHYARD_WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1).max(32 * 1024 * 1024).default(1024 * 1024),
    /** Shown on the home page for the Temporal Web UI link. */
    TEMPORAL_UI_URL: z.url().default("http://127.0.0.1:8233"),
  },
  process.env,
);
