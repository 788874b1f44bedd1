import { parseEnv } from "@switchyard/connectors";
import { databaseEnv } from "@switchyard/db";
import { z } from "zod";
import { temporalEnv } from "./config";

export const env = parseEnv(
  {
    ...databaseEnv,
    ...temporalEnv,
    /** How often the worker's relay looks for runs the web could not start. */
    SWITCHYARD_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  },
  process.env,
);
