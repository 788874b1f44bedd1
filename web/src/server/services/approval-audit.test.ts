// Decisions in the audit log, through real parts: Temporal with an in-process worker runs a
// checkpoint; a decision from the inbox (tRPC/REST's service) and one from an email link each add
// one entry naming the decider, and a refused decision adds none.
import { randomBytes } from "node:crypto";
import { parseKeyRing } from "@switchyard/db";
import {
  prepareWorkflow,
  seedMember,
  useEngine,
  useTestDatabase,
  type PreparedWorkflow,
} from "@switchyard/devstack/testing";
import { signApprovalLink } from "@switchyard/workflows/worker";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { decideApproval } from "./approvals";
import { decideByEmail } from "./email-approval";

const t = useTestDatabase();
const keyRing = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
const h = useEngine(t, "approval-audit", { keyRing: () => keyRing });
const PUBLIC_URL = "http://127.0.0.1:3000";
let s: Services;
let wf: PreparedWorkflow;
let ana: ApiCaller;

async function openCheckpoint(): Promise<{ id: string; expiresAt: Date }> {
  const runId = await wf.start();
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const approval = await t.db.approval.findFirst({ where: { runId }, select: { id: true, expiresAt: true } });
    if (approval) return approval;
  }
  throw new Error(`run ${runId} opened no checkpoint`);
}

const decisionsLogged = (workspaceId: string) =>
  t.db.auditEntry.findMany({ where: { workspaceId, action: "approval.decide" }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  s = {
    db: t.db,
    engine: async () => h.engine,
    keyRing: () => keyRing,
    oauth: { clients: {}, secret: undefined, publicUrl: PUBLIC_URL },
  } as unknown as Services;
  wf = await prepareWorkflow(t.db, h.engine, {
    steps: [{ id: "review", uses: "core.checkpoint", with: { title: "Ship it?", channels: ["web"] } }],
  });
  const member = await seedMember(t.db, wf.seeded.workspaceId, "ana@audit.example", "approver", "Ana");
  ana = { workspaceId: wf.seeded.workspaceId, tokenId: null, role: "approver", member };
});

describe("decisions in the audit log", () => {
  it("records an inbox decision under the member, once; a refused second one adds nothing", async () => {
    const { id } = await openCheckpoint();
    await decideApproval(s, ana, id, { decision: "approve" }, "web");
    await expect(decideApproval(s, ana, id, { decision: "reject" }, "web")).rejects.toMatchObject({ status: 409 });
    expect(await decisionsLogged(ana.workspaceId)).toEqual([
      expect.objectContaining({
        actorId: ana.member!.id,
        actorLabel: "ana@audit.example",
        targetType: "approval",
        targetId: id,
        targetLabel: "Ship it?",
        details: { decision: "approve", channel: "web", outcome: "approved", approvals: 1, quorum: 1 },
      }),
    ]);
  });

  it("records an email link's decision under the address it was mailed to", async () => {
    await seedMember(t.db, ana.workspaceId, "bo@audit.example", "admin", "Bo");
    const { id, expiresAt } = await openCheckpoint();
    const token = await signApprovalLink(keyRing, { approvalId: id, email: "bo@audit.example", expiresAt });
    const answer = await decideByEmail(s, token, PUBLIC_URL, new URLSearchParams({ decision: "reject" }));
    expect(answer).toMatchObject({ status: 200, title: "Rejected" });
    expect((await decisionsLogged(ana.workspaceId)).at(-1)).toMatchObject({
      actorId: null,
      actorLabel: "bo@audit.example",
      targetId: id,
      details: { decision: "reject", channel: "email", outcome: "rejected" },
    });
  });
});
