import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@switchyard/db";
import { seedWorkflow } from "./seed";

export interface DemoCredentials {
  apiToken: string;
  hookToken: string;
}

const DEMO = "demo";

/**
 * What `npm run dev` opens for the demo and nothing more: the web app's own
 * port (it listens on 127.0.0.1), to workspaces that list it: the demo workspace
 * does, and any other workspace's admin may. The Temporal UI and gRPC, PostgreSQL and every other
 * local port stay refused to every workspace, whatever its allowlist says.
 */
export function demoReach(webUrl: string): { tenantNetwork: string; allowedHost: string } {
  const url = new URL(webUrl);
  const port = url.port || "80";
  return { tenantNetwork: `${url.hostname}/32:${port}`, allowedHost: `${url.hostname}:${port}` };
}

/** The SSRF settings `npm run dev` gives web and worker: the operator's own networks (if any) plus the demo's one port. */
export function demoNetworkEnv(
  inherited: Readonly<Record<string, string | undefined>>,
  webUrl: string,
): { SWITCHYARD_TENANT_ALLOWED_NETWORKS: string } {
  return {
    SWITCHYARD_TENANT_ALLOWED_NETWORKS: [inherited.SWITCHYARD_TENANT_ALLOWED_NETWORKS, demoReach(webUrl).tenantNetwork]
      .filter(Boolean)
      .join(","),
  };
}

/**
 * On first start, a demo workspace whose webhook runs two parallel HTTP steps
 * and a join against the app's own health endpoint, so a fresh install can be
 * tried with one curl. Tokens are kept in the git-ignored data folder because
 * the database only stores their hashes.
 */
export async function ensureDemo(db: Db, dataDir: string, webUrl: string): Promise<DemoCredentials | undefined> {
  const file = path.join(dataDir, "demo-credentials.json");
  const existing = await db.workspace.findUnique({ where: { slug: DEMO }, select: { id: true } });
  const credentials = existing ? await readCredentials(file) : await createDemo(db, file, webUrl);
  // Also for a demo made before the dev stack stopped opening loopback to every workspace, or on another port.
  const { allowedHost } = demoReach(webUrl);
  const { allowedInternalHosts } = await db.workspace.findUniqueOrThrow({
    where: { slug: DEMO },
    select: { allowedInternalHosts: true },
  });
  if (!allowedInternalHosts.includes(allowedHost))
    await db.workspace.update({
      where: { slug: DEMO },
      data: { allowedInternalHosts: [...allowedInternalHosts, allowedHost] },
    });
  await ensureDemoOwner(db);
  return credentials;
}

/** Whoever signs in with the development login as this address owns the demo workspace. */
export const DEMO_OWNER_EMAIL = "demo@switchyard.localhost";

async function ensureDemoOwner(db: Db): Promise<void> {
  const user = await db.user.upsert({
    where: { email: DEMO_OWNER_EMAIL },
    create: { email: DEMO_OWNER_EMAIL, name: "Demo owner" },
    update: {},
    select: { id: true },
  });
  const { id: workspaceId } = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO }, select: { id: true } });
  await db.membership.upsert({
    where: { userId_workspaceId: { userId: user.id, workspaceId } },
    create: { userId: user.id, workspaceId, role: "owner" },
    update: {},
  });
}

async function readCredentials(file: string): Promise<DemoCredentials | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as DemoCredentials;
  } catch {
    return undefined; // the workspace predates this data folder; nothing to show
  }
}

async function createDemo(db: Db, file: string, webUrl: string): Promise<DemoCredentials> {
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
    DEMO,
    DEMO,
  );
  const credentials = { apiToken: seeded.apiToken, hookToken: seeded.hookToken };
  await writeFile(file, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 });
  return credentials;
}
