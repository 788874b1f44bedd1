// Alert delivery against real Postgres, the fake Slack Web API and an SMTP sink: both
// destinations once each, and a retry after one failed sends only what had not gone out.
import { randomBytes } from "node:crypto";
import { builtinRegistry, createHttpClient, type Logger } from "@switchyard/connectors";
import { startFakeSlack, type FakeSlack } from "@switchyard/connectors/testing";
import { createConnection, parseKeyRing } from "@switchyard/db";
import {
  seedRun,
  seedWorkflow,
  startSmtpSink,
  useTestDatabase,
  type SeededWorkflow,
  type SmtpSink,
} from "@switchyard/devstack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailNotifier } from "../notify/email";
import { deliverAlert } from "./notify-alert";

const t = useTestDatabase();
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
const http = createHttpClient({ ssrf: { enabled: false, allowHosts: [] } });
const logger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
let slack: FakeSlack;
let smtp: SmtpSink;
let deps: Parameters<typeof deliverAlert>[0];
let seeded: SeededWorkflow;
let workspaceId: string;
let slackId: string;

beforeAll(async () => {
  [slack, smtp] = await Promise.all([startFakeSlack(), startSmtpSink()]);
  deps = {
    db: t.db,
    registry: builtinRegistry,
    http,
    keyRing: ring,
    baseUrls: { slack: slack.apiUrl },
    logger,
    publicUrl: "http://switchyard.test/",
    notifier: createEmailNotifier({
      smtpUrl: smtp.url,
      from: "alerts@switchyard.test",
      publicUrl: "http://switchyard.test",
    }),
  };
  const definition = {
    name: "Announce a release",
    trigger: { type: "webhook" },
    steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
  };
  seeded = await seedWorkflow(t.db, definition, "wf", "acme");
  workspaceId = seeded.workspaceId;
  await t.db.workspace.update({ where: { id: workspaceId }, data: { alertEmails: ["ops@example.com"] } });
  slackId = (
    await createConnection(t.db, ring, {
      workspaceId,
      name: "team",
      connector: "slack",
      authKind: "oauth2",
      secrets: { accessToken: "xoxb-acme" },
    })
  ).id;
});
afterAll(async () => {
  await Promise.all([slack?.close(), smtp?.close()]);
  await http.close();
});

const raise = async () =>
  t.db.alert.create({
    data: {
      workspaceId,
      runId: await seedRun(t.db, seeded),
      kind: "run_failed",
      title: "Announce <a release>: run failed",
      message: "tweet: HTTP 403\nfacebook: timed out",
      details: { workflow: "Announce a release" },
    },
  });
const useSlack = (connectionId: string | null, channel: string | null) =>
  t.db.workspace.update({
    where: { id: workspaceId },
    data: { alertSlackConnectionId: connectionId, alertSlackChannel: channel },
  });

describe("alert delivery", () => {
  it("posts to the workspace's Slack channel and emails, once each however often it runs", async () => {
    await useSlack(slackId, "C0ALERTS");
    const alert = await raise();
    await deliverAlert(deps, alert.id);
    await deliverAlert(deps, alert.id);
    const posts = slack.calls("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ channel: "C0ALERTS" });
    expect(posts[0]!.text).toBe(
      [
        ":rotating_light: *Announce &lt;a release&gt;: run failed*",
        "• tweet: HTTP 403",
        "• facebook: timed out",
        `<http://switchyard.test/w/acme/runs/${alert.runId}|Open the run>`,
      ].join("\n"),
    );
    expect(slack.requests.at(-1)!.headers.authorization).toBe("Bearer xoxb-acme");
    expect(smtp.messages.map((m) => m.to)).toEqual([["ops@example.com"]]);
    expect((await t.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).notifiedAt).not.toBeNull();
  });

  it("a Slack failure does not hold the email back, and the retry posts to Slack without emailing again", async () => {
    await useSlack("deleted-connection", "C0ALERTS");
    const before = { posts: slack.calls("chat.postMessage").length, mails: smtp.messages.length };
    const alert = await raise();
    await expect(deliverAlert(deps, alert.id)).rejects.toThrow(/connection deleted-connection is gone/);
    expect(smtp.messages).toHaveLength(before.mails + 1);
    expect((await t.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).notifiedAt).toBeNull();

    await useSlack(slackId, "C0OTHER");
    await deliverAlert(deps, alert.id);
    expect(slack.calls("chat.postMessage").slice(before.posts)).toMatchObject([{ channel: "C0OTHER" }]);
    expect(smtp.messages).toHaveLength(before.mails + 1);
    const done = await t.db.alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(done.notifiedAt).not.toBeNull();
    expect(done.details).toMatchObject({
      workflow: "Announce a release",
      delivered: { slack: { channel: "C0OTHER" } },
    });
  });

  it("without Slack settings it only emails", async () => {
    await useSlack(null, null);
    const posts = slack.calls("chat.postMessage").length;
    await deliverAlert(deps, (await raise()).id);
    expect(slack.calls("chat.postMessage")).toHaveLength(posts);
  });
});
