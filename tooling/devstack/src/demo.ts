import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@switchyard/db";
import { seedWorkflow } from "./seed";

export interface DemoCredentials {
  apiToken: string;
  hookToken: string;
}

/**
 * On first start, a demo workspace whose webhook runs two parallel HTTP steps
 * and a join against the app's own health endpoint, so a fresh install can be
 * tried with one curl. Tokens are kept in the git-ignored data folder because
 * the database only stores their hashes.
 */
export async function ensureDemo(db: Db, dataDir: string, webUrl: string): Promise<DemoCredentials | undefined> {
  const file = path.join(dataDir, "demo-credentials.json");
  const existing = await db.workspace.findUnique({ where: { slug: "demo" }, select: { id: true } });
  if (existing) {
    try {
      return JSON.parse(await readFile(file, "utf8")) as DemoCredentials;
    } catch {
      return undefined; // the workspace predates this data folder; nothing to show
    }
  }
  const health = `${webUrl}/api/health`;
  const seeded = await seedWorkflow(
    db,
    {
      name: "Demo: two parallel calls and a join",
      trigger: { type: "webhook" },
      steps: [
        { id: "a", uses: "http.request", with: { url: health } },
        { id: "b", uses: "http.request", with: { url: health } },
        { id: "join", uses: "http.request", needs: ["a", "b"], with: { url: health } },
      ],
    },
    "demo",
    "demo",
  );
  const credentials = { apiToken: seeded.apiToken, hookToken: seeded.hookToken };
  await writeFile(file, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 });
  return credentials;
}
