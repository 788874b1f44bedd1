// What a journey does not itself exercise, seeded straight into the database: a workspace, its
// members and a workflow; and a webhook fired the way a caller does.
import type { Db, Role } from "@switchyard/db";
import { seedMember, seedWorkflow } from "@switchyard/devstack/testing";
import { expect } from "vitest";

export interface SeededSpace {
  id: string;
  slug: string;
  /** The seeded workflow's webhook token. */
  hookToken: string;
}

/** A workspace with one workflow (`wf`) and these members (address → role). */
export async function seedWorkspace(
  db: Db,
  members: Record<string, Role>,
  definition: object = {
    name: "Seeded",
    trigger: { type: "webhook" },
    steps: [{ id: "shape", uses: "core.transform", with: { value: 1 } }],
  },
): Promise<SeededSpace> {
  const seeded = await seedWorkflow(db, definition, "wf");
  for (const [email, role] of Object.entries(members)) await seedMember(db, seeded.workspaceId, email, role);
  const { slug } = await db.workspace.findUniqueOrThrow({ where: { id: seeded.workspaceId } });
  return { id: seeded.workspaceId, slug, hookToken: seeded.hookToken };
}

/** POSTs to the webhook as a caller would (with these headers too), and returns the run it started. */
export async function fireWebhook(
  webUrl: string,
  hookToken: string,
  body: object = {},
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`${webUrl}/hooks/${hookToken}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return ((await res.json()) as { runId: string }).runId;
}

/** Waits until the run has ended, for journeys that look at it only afterwards. */
export async function runEnded(db: Db, runId: string): Promise<string> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const { status } = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
    if (status !== "queued" && status !== "running") return status;
  }
  throw new Error(`run ${runId} did not end`);
}
