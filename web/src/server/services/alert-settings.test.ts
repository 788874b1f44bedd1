// Alert settings against real Postgres: the Slack connection must be this workspace's and a
// Slack one; a save replaces both destinations and is audited.
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { ApiError } from "../http/errors";
import { parseInput } from "./pagination";
import { alertSettingsInput } from "../trpc/routers/settings.schema";
import { getAlertSettings, updateAlertSettings } from "./alert-settings";

const t = useTestDatabase();
let caller: ApiCaller;
const connection = (id: string, workspaceId: string, connector: string) =>
  t.db.connection.create({
    data: { id, workspaceId, name: id, connector, authKind: "bearer", secrets: {}, keyId: "k" },
  });

beforeAll(async () => {
  const workspaceId = (await t.db.workspace.create({ data: { slug: "alerts", name: "Alerts" } })).id;
  const other = (await t.db.workspace.create({ data: { slug: "other", name: "Other" } })).id;
  caller = { workspaceId, tokenId: null, role: "admin", member: null };
  await connection("team-slack", workspaceId, "slack");
  await connection("gh", workspaceId, "github");
  await connection("their-slack", other, "slack");
});

const save = (input: unknown) =>
  updateAlertSettings(t.db, caller, parseInput(alertSettingsInput, input, "invalid_input"));
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("not refused"),
    (e: unknown) => e as ApiError,
  );

describe("alert settings", () => {
  it("saves emails (deduplicated, lower case) and a Slack channel, offering only Slack connections", async () => {
    const saved = await save({
      emails: ["Ops@example.com", "ops@example.com"],
      slack: { connectionId: "team-slack", channel: "C0ALERTS" },
    });
    expect(saved).toEqual({
      emails: ["ops@example.com"],
      slack: { connectionId: "team-slack", channel: "C0ALERTS" },
      slackConnections: [{ id: "team-slack", name: "team-slack", status: "active" }],
    });
    expect(await t.db.auditEntry.findFirst({ where: { action: "workspace.alerts" } })).toMatchObject({
      details: { emails: ["ops@example.com"], slack: { channel: "C0ALERTS" } },
    });
  });

  it("refuses another workspace's connection and a connection of another connector, changing nothing", async () => {
    const other = await refusal(save({ emails: [], slack: { connectionId: "their-slack", channel: "C1" } }));
    expect(other).toMatchObject({
      status: 400,
      message: "slack.connectionId: no connection their-slack in this workspace.",
    });
    const github = await refusal(save({ emails: [], slack: { connectionId: "gh", channel: "C1" } }));
    expect(github.message).toMatch(/github connection, not a Slack one/);
    expect((await getAlertSettings(t.db, caller.workspaceId)).emails).toEqual(["ops@example.com"]);
  });

  it("refuses a #name for a channel, and null turns Slack alerts off", async () => {
    expect(() =>
      parseInput(
        alertSettingsInput,
        { emails: [], slack: { connectionId: "team-slack", channel: "#ops" } },
        "invalid_input",
      ),
    ).toThrow(/channel id/);
    expect((await save({ emails: [], slack: null })).slack).toBeNull();
  });
});
