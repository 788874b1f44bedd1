import path from "node:path";
import { parseEnv } from "@switchyard/connectors";
import { databaseEnv, LOCAL_DATABASE_URL } from "@switchyard/db";
import { z } from "zod";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");

const postgresUrl = databaseEnv.DATABASE_URL.unwrap();

const parsed = parseEnv(
  {
    /** Empty counts as unset, so `DATABASE_URL= npm run dev` asks for the local or embedded server. */
    DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), postgresUrl.optional()),
    /** The server `npm run dev` looks for, and tools and tests use, when DATABASE_URL is unset. */
    SWITCHYARD_LOCAL_DATABASE_URL: postgresUrl.default(LOCAL_DATABASE_URL),
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
    /**
     * The browser tests' production build: "auto" rebuilds when a source is newer than the build;
     * "reuse" serves whatever build is there, to iterate on the tests while others edit sources.
     */
    SWITCHYARD_E2E_BUILD: z.enum(["auto", "reuse"]).default("auto"),
  },
  process.env,
);

/** DATABASE_URL defaults to the local server for tools and tests, which need no more than that. */
export const env = { ...parsed, DATABASE_URL: parsed.DATABASE_URL ?? parsed.SWITCHYARD_LOCAL_DATABASE_URL };

/**
 * DATABASE_URL as the caller gave it. Unset, `npm run dev` uses the local server if it
 * answers, else starts an embedded one; set, the server must answer.
 */
export const configuredDatabaseUrl = parsed.DATABASE_URL;

export type DevstackEnv = typeof env;

/** Children of `npm run dev` inherit the caller's environment (PATH, HOME, overrides). */
export const inheritedEnv: Readonly<Record<string, string | undefined>> = { ...process.env };
