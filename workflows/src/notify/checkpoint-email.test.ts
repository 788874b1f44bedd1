// The email channel through a real Temporal dev server, Postgres and an SMTP sink: who is mailed
// for a request, a reminder and an escalation, and what each mail carries.
import { randomBytes } from "node:crypto";
import { KeyRing, type Role } from "@switchyard/db";
import {
  prepareWorkflow,
  startSmtpSink,
  useEngine,
  useTestDatabase,
  type ReceivedMail,
  type SmtpSink,
  seedMember,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyApprovalLink } from "../approval-link";
import { cancelRun, workflowIdForRun } from "../client";
import { decide } from "../engine/decide";
import { createEmailCheckpointChannel } from "./checkpoint-email";

const t = useTestDatabase();
const ring = new KeyRing(randomBytes(32));
const PUBLIC_URL = "https://switchyard.example";
let smtp: SmtpSink;
/** Recipients the sink refuses for now (read live by the sink), to fail one send of a notification. */
const refuse: Record<string, number> = {};
beforeAll(async () => {
  smtp = await startSmtpSink({ refuse });
});
afterAll(() => smtp?.close());
const silent = { info() {}, warn() {}, error() {} };
const h = useEngine(t, "checkpoint-email", {
  checkpointChannels: () => [
    createEmailCheckpointChannel({
      smtpUrl: smtp.url,
      from: "Switchyard <approvals@switchyard.localhost>",
      publicUrl: PUBLIC_URL,
      db: t.db,
      keyRing: ring,
      logger: silent,
    }),
  ],
});

const unique = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.com`;

const member = (workspaceId: string, email: string, role: Role) => seedMember(t.db, workspaceId, email, role);

async function until<T>(find: () => T | undefined | null | Promise<T | undefined | null>): Promise<T> {
  for (;;) {
    const found = await find();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const to = (mails: ReceivedMail[]) => mails.flatMap((m) => m.to).sort();
const mailsFor = (approvalId: string) =>
  Promise.all(smtp.messages.map(async (m) => ({ m, link: await linkOf(m) }))).then((all) =>
    all.filter((x) => x.link?.approvalId === approvalId).map((x) => x.m),
  );

/** The approve link's token, verified: which approval and which approver it is for. */
async function linkOf(mail: ReceivedMail) {
  const token = /\/approvals\/email\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(mail.text)?.[1];
  const check = token ? await verifyApprovalLink(ring, token) : undefined;
  return check?.ok ? check : undefined;
}

describe("checkpoint mail", () => {
  it("mails each approver once, reminds only those who have not decided, and escalates to escalateTo", async () => {
    const [ana, bob, owner, viewer, boss] = ["ana", "bob", "owner", "viewer", "boss"].map(unique);
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        {
          id: "review",
          uses: "core.checkpoint",
          with: {
            title: "Publish <launch> & go?",
            message: "Check the text.",
            approvers: [ana, "admin", unique("stranger")],
            quorum: 2,
            channels: ["web", "email"],
            editable: [{ field: "tweet.with.body.text", label: "Post text" }],
            remindEvery: "2s",
            escalateAfter: "3s",
            escalateTo: [boss],
          },
        },
        {
          id: "tweet",
          uses: "http.request",
          needs: ["review"],
          with: { url: `${h.sink.url}/tweet`, method: "POST", body: { text: "Launch <day>!" } },
        },
      ],
    });
    const ws = wf.seeded.workspaceId;
    const people = {
      ana: await member(ws, ana!, "viewer"),
      bob: await member(ws, bob!, "admin"),
      owner: await member(ws, owner!, "owner"),
      boss: await member(ws, boss!, "viewer"),
    };
    await member(ws, viewer!, "viewer");
    // The owner started the run, so without self-approval their link could only be refused.
    const runId = await wf.start({ startedById: people.owner.id });
    const approval = await until(() => t.db.approval.findFirst({ where: { runId, notifiedAt: { not: null } } }));

    const requests = await mailsFor(approval.id);
    expect(to(requests)).toEqual([ana, bob].sort());
    const mail = requests.find((m) => m.to[0] === ana)!;
    expect(mail.subject).toBe("Approval needed: Publish <launch> & go?");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Check the text.");
      expect(part).toContain("Post text");
      expect(part).toContain(`${PUBLIC_URL}/approvals/email/`);
    }
    expect(mail.text).toContain("Publish <launch> & go?");
    expect(mail.text).toContain("Post text: Launch <day>!");
    expect(mail.text).toMatch(/Approve: https:\/\/switchyard\.example\/approvals\/email\/\S+\?intent=approve/);
    expect(mail.text).toMatch(/Reject: https:\/\/switchyard\.example\/approvals\/email\/\S+\?intent=reject/);
    expect(mail.text).toContain("POST"); // the preview's description of the dependent step
    // Data is escaped in the HTML part.
    expect(mail.html).toContain("Publish &#60;launch&#62; &#38; go?");
    expect(mail.html).not.toContain("<launch>");
    expect(mail.html).not.toContain("<day>");
    expect(await linkOf(mail)).toEqual({ ok: true, approvalId: approval.id, email: ana });

    const decision = await decide(
      { db: t.db, engineClient: async () => h.engine },
      {
        workspaceId: ws,
        approvalId: approval.id,
        actor: { email: ana!, role: "viewer" },
        decision: "approve",
        channel: "email",
      },
    );
    expect(decision).toMatchObject({ kind: "decided", reply: { status: "pending" } });
    // escalatedAt is stamped before the mails go (the inbox widens at once), so wait for the mail itself.
    await until(async () => (await mailsFor(approval.id)).some((m) => m.subject.startsWith("Escalated: ")));

    const later = (await mailsFor(approval.id)).filter((m) => !requests.includes(m));
    const reminders = later.filter((m) => m.subject.startsWith("Reminder: "));
    const escalations = later.filter((m) => m.subject.startsWith("Escalated: "));
    expect(reminders.length).toBeGreaterThan(0);
    expect(to(reminders)).not.toContain(ana);
    expect(to(reminders)).toContain(bob);
    expect(to(escalations)).toEqual([boss]);
    expect(escalations[0]!.text).toContain(`Decided so far: ${ana} (approve) (2 needed).`);
    await cancelRun(h.engine, runId);
  });

  it("a task's mail has one link to the form and lists its fields", async () => {
    const ana = unique("ana");
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        {
          id: "count",
          uses: "core.checkpoint",
          with: {
            kind: "task",
            title: "Count the stock",
            approvers: [ana],
            channels: ["email"],
            form: [{ name: "count", type: "number", label: "Items counted" }],
          },
        },
      ],
    });
    await member(wf.seeded.workspaceId, ana, "editor");
    const runId = await wf.start();
    const approval = await until(() => t.db.approval.findFirst({ where: { runId, notifiedAt: { not: null } } }));
    const [mail, ...more] = await mailsFor(approval.id);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe("Task: Count the stock");
    expect(mail!.text).toContain("Items counted (number)");
    expect(mail!.text).toMatch(/Open the form: https:\/\/switchyard\.example\/approvals\/email\/\S+$/m);
    expect(mail!.text).not.toContain("Approve:");
    expect(mail!.html).toContain(">Open the form</a>");
    await cancelRun(h.engine, runId);
  });

  it("a send that fails part-way is retried from where it stopped: nobody mailed before the failure is mailed again", async () => {
    const [ana, bob] = [unique("ana"), unique("bob")];
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        { id: "review", uses: "core.checkpoint", with: { title: "Go?", approvers: [ana, bob], channels: ["email"] } },
      ],
    });
    await member(wf.seeded.workspaceId, ana, "viewer");
    await member(wf.seeded.workspaceId, bob, "viewer");
    refuse[bob] = 451; // try again later: the activity fails after ana's mail went out
    const runId = await wf.start();
    const approval = await until(() => t.db.approval.findFirst({ where: { runId } }));
    // Bob's refusal failed the first attempt; the retry waits out its backoff.
    const handle = h.engine.temporal.workflow.getHandle(workflowIdForRun(runId));
    await until(async () =>
      (await handle.describe()).raw.pendingActivities?.some(
        (a) => a.activityType?.name === "notifyCheckpoint" && (a.attempt ?? 0) >= 2,
      ),
    );
    expect(to(await mailsFor(approval.id))).toEqual([ana]);
    delete refuse[bob];
    await until(() => t.db.approval.findFirst({ where: { id: approval.id, notifiedAt: { not: null } } }));
    expect(to(await mailsFor(approval.id))).toEqual([ana, bob].sort());
    await cancelRun(h.engine, runId);
  });
});
