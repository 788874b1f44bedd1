import { parseEnv } from "@switchyard/connectors";
import { databaseEnv } from "@switchyard/db";
import { z } from "zod";

export const env = parseEnv(
  {
    /** Only `bootstrap` uses the database; every other command goes through the API. */
    ...databaseEnv,
    SWITCHYARD_URL: z.url().default("http://127.0.0.1:3000"),
    /** A workspace API token (`sy_...`), as printed by `bootstrap`. */
    SWITCHYARD_TOKEN: z.string().startsWith("sy_", "SWITCHYARD_TOKEN must be an API token starting with sy_").optional(),
  },
  process.env,
);
