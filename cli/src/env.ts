import { parseEnv } from "@switchyard/connectors";
import { databaseEnv, encryptionEnv } from "@switchyard/db";
import { z } from "zod";

export const env = parseEnv(
  {
    /** Only `bootstrap` and `keys rotate` use the database; every other command goes through the API. */
    ...databaseEnv,
    /** Only `keys rotate` uses the keys. */
    ...encryptionEnv,
    SWITCHYARD_URL: z.url().default("http://127.0.0.1:3000"),
    /** A workspace API token (`sy_...`), as printed by `bootstrap`. */
    SWITCHYARD_TOKEN: z
      .string()
      .startsWith("sy_", "SWITCHYARD_TOKEN must be an API token starting with sy_")
      .optional(),
  },
  process.env,
);
