import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Where the web app and the worker declare what they read: their env schemas and the shared pieces. */
const APP_SOURCES = ["web/src", "workflows/src", "connectors/src", "prisma/src"];

/** Read by what the apps run on rather than by their schemas: Next.js's server, its telemetry switch and its runtime name. */
export const RUNTIME_ENV_NAMES = ["PORT", "NEXT_TELEMETRY_DISABLED", "NEXT_RUNTIME"];

// A key of an env schema (`NAME: z.…`, `NAME: schema.…`, `NAME: helper(…)`), or a direct read.
const SCHEMA_KEY = /^\s*([A-Z][A-Z0-9_]*[A-Z0-9])\s*:\s*(?:z\b|[a-z]\w*\s*[.(])/gm;
const DIRECT_READ = /process\.env\.([A-Z][A-Z0-9_]*)/g;

/** Every environment variable the web app and the worker read, found in their sources (tests aside). */
export async function appEnvNames(repoRoot: string): Promise<Set<string>> {
  const names = new Set(RUNTIME_ENV_NAMES);
  for (const dir of APP_SOURCES) {
    const files = await readdir(path.join(repoRoot, dir), { recursive: true });
    for (const file of files) {
      if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file) || file.split(path.sep).includes("testing")) continue;
      const text = await readFile(path.join(repoRoot, dir, file), "utf8");
      for (const match of text.matchAll(SCHEMA_KEY)) names.add(match[1]!);
      for (const match of text.matchAll(DIRECT_READ)) names.add(match[1]!);
    }
  }
  return names;
}
