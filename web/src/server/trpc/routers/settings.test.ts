// The settings and invitation procedures as the web app calls them (signed-in sessions), on a real
// database: an owner invites, the invitee sees the offer and accepts, and the new member appears.
import { randomBytes } from "node:crypto";
import { createLogger } from "@switchyard/connectors";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCaller } from "../../auth/session-caller";
import type { Services } from "../../context";
import { router } from "../init";
import { settingsRouter } from "./settings";
import { workspacesRouter } from "./workspaces";

const t = useTestDatabase();
const testRouter = router({ settings: settingsRouter, workspaces: workspacesRouter });
let s: Services;

beforeAll(() => {
  s = {
    db: t.db,
    production: false,
    logger: createLogger("settings-test"),
    oauth: { clients: {}, secret: undefined, publicUrl: "http://switchyard.test" },
  } as unknown as Services;
});

async function person(email: string) {
  const user = await t.db.user.create({ data: { email } });
  return testRouter.createCaller({
    services: s,
    authenticate: () => sessionCaller(t.db, user.id, "team"),
    signedInUserId: async () => user.id,
  });
}

describe("settings procedures", () => {
  it("invite, look up, accept, and list the new member; a viewer reads but cannot invite", async () => {
    const owner = await person("olga@example.com");
    await owner.workspaces.create({ name: "Team", slug: "team" });
    // No SMTP_URL in this process: outside production the link comes back to the inviter.
    const sent = await owner.settings.invite({ email: "vic@example.com", role: "viewer" });
    expect(sent).toMatchObject({ mailed: false, invitation: { email: "vic@example.com", role: "viewer" } });
    const token = sent.acceptUrl!.split("/invite/")[1]!;
    expect(await owner.settings.invitations()).toHaveLength(1);

    const vic = await person("vic@example.com");
    expect(await vic.workspaces.invitation({ token })).toMatchObject({
      state: "pending",
      forYou: true,
      role: "viewer",
    });
    expect(await vic.workspaces.acceptInvitation({ token })).toMatchObject({
      workspace: { slug: "team" },
      role: "viewer",
    });
    expect((await owner.settings.members()).map((m) => [m.email, m.role])).toEqual([
      ["olga@example.com", "owner"],
      ["vic@example.com", "viewer"],
    ]);
    expect(await vic.settings.alerts()).toMatchObject({ emails: [], slack: null });
    await expect(vic.settings.invite({ email: "x@example.com", role: "viewer" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(vic.workspaces.invitation({ token: randomBytes(32).toString("base64url") })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await vic.workspaces.leave({ workspace: "team" });
    expect(await owner.settings.members()).toHaveLength(1);
  });
});
