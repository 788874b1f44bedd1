import path from "node:path";
import { parseEnv } from "@switchyard/connectors";
import { databaseEnv } from "@switchyard/db";
import { z } from "zod";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");

export const env = parseEnv(
  {
    ...databaseEnv,
    /** Path to a `temporal` CLI binary; skips the lookup chain when set. */
    TEMPORAL_CLI_PATH: z.string().min(1).optional(),
    /** PATH, searched for `temporal` when TEMPORAL_CLI_PATH is unset. */
    PATH: z.string().default(""),
    /** Where resolved tools are installed (git-ignored). */
    SWITCHYARD_TOOLS_DIR: z.string().default(path.join(repoRoot, ".tools")),
    /** Local state for `npm run dev` (git-ignored). */
    SWITCHYARD_DATA_DIR: z.string().default(path.join(repoRoot, ".data")),
    TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
    TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  },
  process.env,
);

export type DevstackEnv = typeof env;

/** Children of `npm run dev` inherit the caller's environment (PATH, HOME, overrides). */
export const inheritedEnv: Readonly<Record<string, string | undefined>> = { ...process.env };
