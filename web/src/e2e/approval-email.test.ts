// Approval mail end to end: a real Next.js server, Temporal with an in-process worker that mails
// through an SMTP sink, and PostgreSQL. The link is taken from the caught mail; opening it never
// decides, only the page's own POST does, once.
import { randomBytes } from "node:crypto";
import { parseKeyRing, type Role } from "@switchyard/db";
import {
  freePort,
  prepareWorkflow,
  startNextServer,
  startSmtpSink,
  testTemporalConfig,
  useEngine,
  useTestDatabase,
  type NextServer,
  type PreparedWorkflow,
  type SmtpSink,
  seedMember,
} from "@switchyard/devstack/testing";
import { createEmailCheckpointChannel, signApprovalLink } from "@switchyard/workflows/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const t = useTestDatabase();
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY });
let smtp: SmtpSink;
let publicUrl: string;
let port: number;
let web: NextServer;

beforeAll(async () => {
  smtp = await startSmtpSink();
  port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
});
const h = useEngine(t, "approval-email", {
  checkpointChannels: () => [
    createEmailCheckpointChannel({
      smtpUrl: smtp.url,
      from: "Switchyard <approvals@switchyard.localhost>",
      publicUrl,
      db: t.db,
      keyRing: ring,
      logger: { info() {}, warn() {}, error() {} },
    }),
  ],
});
beforeAll(async () => {
  const temporal = testTemporalConfig(h.taskQueue);
  web = await startNextServer(
    {
      DATABASE_URL: t.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: h.taskQueue,
      SWITCHYARD_ENCRYPTION_KEY: ENCRYPTION_KEY,
      SWITCHYARD_PUBLIC_URL: publicUrl,
    },
    port,
  );
}, 180_000);
afterAll(async () => {
  await web?.stop();
  await smtp?.close();
});

const unique = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.com`;

const member = (wf: PreparedWorkflow, email: string, role: Role = "viewer") =>
  seedMember(t.db, wf.seeded.workspaceId, email, role);

async function until<T>(find: () => T | undefined | null | Promise<T | undefined | null>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The link of the first action in the mail to `email`: the approve link, or a task's form link. */
const linkFor = (email: string, title: string) =>
  until(() => {
    const mail = smtp.messages.find((m) => m.to.includes(email) && m.subject.endsWith(title));
    return mail && /(http:\/\/\S+\/approvals\/email\/\S+)/.exec(mail.text)?.[1];
  });

interface Page {
  status: number;
  headers: Headers;
  html: string;
}

async function open(url: string, method: "GET" | "HEAD" = "GET"): Promise<Page> {
  const res = await fetch(url, { method, redirect: "manual" });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

async function post(url: string, form: Record<string, string>, origin: string | null = publicUrl): Promise<Page> {
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The checkpoint still waits: nothing decided, the step waiting, the dependent not run. */
async function expectWaiting(runId: string, approvalId: string) {
  expect(await t.db.approvalDecision.count({ where: { approvalId } })).toBe(0);
  expect((await t.db.approval.findUniqueOrThrow({ where: { id: approvalId } })).status).toBe("pending");
  const step = await t.db.stepRun.findUniqueOrThrow({ where: { runId_stepId: { runId, stepId: "review" } } });
  expect(step.status).toBe("waiting");
  expect(h.sink.calls("/tweet")).toHaveLength(0);
}

const FIELD = "field:tweet.with.body.text";

describe("approval by email", () => {
  it("links show, only the page's POST decides, once; used, expired, forged and decided links change nothing", async () => {
    const title = `Publish <the> launch ${randomBytes(3).toString("hex")}?`;
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        {
          id: "review",
          uses: "core.checkpoint",
          with: {
            title,
            approvers: ["editor"],
            quorum: 2,
            channels: ["web", "email"],
            editable: [{ field: "tweet.with.body.text", label: "Post text" }],
          },
        },
        {
          id: "tweet",
          uses: "http.request",
          needs: ["review"],
          with: { url: `${h.sink.url}/tweet`, method: "POST", body: { text: "Launch day!" } },
        },
      ],
    });
    const [ana, bob, carl, dora] = ["ana", "bob", "carl", "dora"].map(unique) as [string, string, string, string];
    for (const email of [ana, bob, carl, dora]) await member(wf, email, "editor");
    const runId = await wf.start();
    const [anaLink, bobLink, carlLink, doraLink] = await Promise.all(
      [ana, bob, carl, dora].map((e) => linkFor(e, title)),
    );
    expect(anaLink).toMatch(/\?intent=approve$/);
    const approval = await t.db.approval.findFirstOrThrow({ where: { runId } });

    // Opened any number of times, by GET or HEAD: it only shows.
    for (const method of ["GET", "HEAD", "GET", "HEAD"] as const) {
      const page = await open(anaLink!, method);
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      if (method === "HEAD") expect(page.html).toBe("");
      else {
        expect(page.html).toContain("Publish &#60;the&#62; launch");
        expect(page.html).toContain("Nobody yet.");
        expect(page.html).toContain(`name="${FIELD}" value="Launch day!"`);
        expect(page.html).toMatch(/<label for="f0">Post text<\/label>/);
        expect(page.html).toContain('value="approve" autofocus');
      }
    }
    await expectWaiting(runId, approval.id);

    // Another site's form, or a request with no Origin at all, decides nothing.
    for (const origin of [null, "https://evil.example", "null"]) {
      const refused = await post(anaLink!, { decision: "approve" }, origin);
      expect(refused.status).toBe(403);
      expect(refused.html).toContain("must be sent from the approval page");
    }
    // A removed member's link shows why it cannot decide.
    await t.db.membership.deleteMany({ where: { user: { email: dora } } });
    expect((await open(doraLink!)).html).toContain("is no longer a member");
    expect((await post(doraLink!, { decision: "approve" })).status).toBe(403);
    // A field that breaks its type comes back to the form, with the reason.
    const invalid = await post(anaLink!, { decision: "approve", [FIELD]: "" });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('role="alert"');
    expect(invalid.html).toContain("Post text must be a text (not empty)");
    await expectWaiting(runId, approval.id);

    // The page's POST decides, once.
    const counted = await post(anaLink!, { decision: "approve", [FIELD]: "Launch day, edited!", comment: "ok" });
    expect(counted.status).toBe(200);
    expect(counted.html).toContain("1 of 2 approvals so far");
    const again = await post(anaLink!, { decision: "reject" });
    expect(again.status).toBe(409);
    // Refused by the workflow's rule, or already by the recorded decision, whichever is first.
    expect(again.html).toMatch(/you already decided/i);
    await until(() => t.db.approvalDecision.findFirst({ where: { approvalId: approval.id } }));
    expect(await open(anaLink!)).toMatchObject({ status: 409, html: expect.stringContaining("You already decided") });

    const approved = await post(bobLink!, { decision: "approve" });
    expect(approved).toMatchObject({ status: 200, html: expect.stringContaining("Approved") });
    const done = await wf.finish(runId);
    expect(done.status).toBe("succeeded");
    expect(JSON.parse(h.sink.calls("/tweet")[0]!.body as string)).toEqual({ text: "Launch day, edited!" });
    const decisions = await t.db.approvalDecision.findMany({ where: { approvalId: approval.id } });
    expect(decisions.map((d) => [d.actor, d.channel, d.comment]).sort()).toEqual([
      [ana, "email", "ok"],
      [bob, "email", null],
    ]);

    // A link for a decided checkpoint, an expired link and a forged one: a clear page, and nothing changes.
    const decided = await open(carlLink!);
    expect(decided.status).toBe(409);
    expect(decided.html).toContain("already approved");
    expect((await post(carlLink!, { decision: "reject" })).status).toBe(409);
    const expired = await signApprovalLink(
      ring,
      { approvalId: approval.id, email: carl, expiresAt: new Date(Date.now() - 60_000) },
      new Date(Date.now() - 120_000),
    );
    const expiredPage = await post(`${publicUrl}/approvals/email/${expired}`, { decision: "reject" });
    expect(expiredPage).toMatchObject({ status: 410, html: expect.stringContaining("This link has expired") });
    const forged = await signApprovalLink(
      parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") }),
      {
        approvalId: approval.id,
        email: carl,
        expiresAt: approval.expiresAt,
      },
    );
    for (const token of [forged, `${carlLink!.split("/").pop()!.split("?")[0]}x`]) {
      const page = await post(`${publicUrl}/approvals/email/${token}`, { decision: "reject" });
      expect(page).toMatchObject({ status: 400, html: expect.stringContaining("This link is not valid") });
    }
    expect(await t.db.approvalDecision.count({ where: { approvalId: approval.id } })).toBe(2);
    expect((await t.db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("approved");
  });

  it("a task's form posts typed values: numbers, checkboxes and selects become its output", async () => {
    const title = `Count the stock ${randomBytes(3).toString("hex")}`;
    const wf = await prepareWorkflow(t.db, h.engine, {
      steps: [
        {
          id: "count",
          uses: "core.checkpoint",
          with: {
            kind: "task",
            title,
            channels: ["email"],
            form: [
              { name: "count", type: "number", label: "Items counted" },
              { name: "damaged", type: "boolean", label: "Anything damaged" },
              { name: "shelf", type: "select", options: ["A", "B"], default: "A" },
            ],
          },
        },
      ],
    });
    const ana = unique("ana");
    await member(wf, ana, "approver");
    const runId = await wf.start();
    const link = await linkFor(ana, title);
    const page = await open(link);
    expect(page.html).toContain('type="number" step="any" id="f0" name="field:count"');
    expect(page.html).toContain('type="checkbox" id="f1" name="field:damaged"');
    expect(page.html).toContain('<option value="A" selected>A</option>');
    const submitted = await post(link, {
      decision: "submit",
      "field:count": "12",
      "field:damaged": "on",
      "field:shelf": "B",
    });
    expect(submitted).toMatchObject({ status: 200, html: expect.stringContaining("Submitted") });
    const done = await wf.finish(runId);
    expect(done.steps.count!.output).toEqual({ count: 12, damaged: true, shelf: "B" });
  });
});
