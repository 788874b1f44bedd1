// Journeys 1 and 2 in a real browser on the production build: signing in, creating a workspace,
// inviting someone who accepts by the mailed link; and connecting an API-key account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "@switchyard/connectors/testing";
import type { ReceivedMail } from "@switchyard/devstack/testing";
import { useBrowserApp } from "./app";
import { finishJourney, openJourney, signInAs } from "./journey";
import { seedWorkspace } from "./seed";

const GOOD_BOT = "123456789:AAgoodgoodgoodgoodgoodgood";
let telegram: FakeApi;

beforeAll(async () => {
  telegram = await startFakeApi([
    {
      method: "POST",
      path: `/bot${GOOD_BOT}/getMe`,
      respond: { body: { ok: true, result: { id: 1, is_bot: true, username: "switchyard_bot" } } },
    },
  ]);
});
afterAll(async () => telegram?.close());

const app = useBrowserApp("onboarding", {
  appEnv: () => ({ SWITCHYARD_API_BASE_URLS: JSON.stringify({ telegram: `${telegram.url}/` }) }),
});

async function mailTo(address: string): Promise<ReceivedMail> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const mail = app.mail.messages.find((m) => m.to.includes(address));
    if (mail) return mail;
  }
  throw new Error(`nothing was mailed to ${address}`);
}

describe("onboarding journeys", () => {
  it("1: signs in, creates a workspace, and invites someone who accepts by the mailed link", async () => {
    const owner = await openJourney(app, "01-onboarding-owner");
    const { page } = owner;
    await page.goto("/signin");
    const devLogin = page.locator("form", { has: page.getByRole("button", { name: "Development login" }) });
    await devLogin.getByLabel("Email address").fill("olga@example.com");
    await devLogin.getByRole("button", { name: "Development login" }).click();
    await page.waitForURL("**/welcome");
    await page.getByLabel("Workspace name").fill("Acme operations");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(/\/w\/[^/]+(\/|$)/);
    const slug = new URL(page.url()).pathname.split("/")[2]!;

    await page.goto(`/w/${slug}/settings/invitations`);
    const form = page.getByRole("form", { name: "Invite someone" });
    await form.getByLabel("Email address").fill("ivan@example.com");
    await form.getByLabel("Role").selectOption("editor");
    await form.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("status").filter({ hasText: "Invitation mailed to ivan@example.com" }).waitFor();
    const link = /https?:\/\/\S+\/invite\/[\w-]+/.exec((await mailTo("ivan@example.com")).text)?.[0];
    expect(link).toBeDefined();
    await finishJourney(owner);

    const invitee = await openJourney(app, "01-onboarding-invitee");
    await signInAs(invitee, "ivan@example.com");
    await invitee.page.goto(link!);
    await invitee.page.getByRole("button", { name: "Accept invitation" }).click();
    await invitee.page.waitForURL(new RegExp(`/w/${slug}(/|$)`));
    const membership = await app.t.db.membership.findFirst({
      where: { user: { email: "ivan@example.com" }, workspace: { slug } },
    });
    expect(membership?.role).toBe("editor");
    await finishJourney(invitee);
  });

  it("2: connects an API-key account and tests the connection", async () => {
    const { slug } = await seedWorkspace(app.t.db, { "eda@example.com": "editor" });
    const journey = await openJourney(app, "02-connection");
    await signInAs(journey, "eda@example.com");
    const { page } = journey;
    await page.goto(`/w/${slug}/connections/new`);
    await page.getByLabel("Search connectors").fill("Telegram");
    await page.getByRole("link", { name: "Telegram", exact: true }).click();
    const form = page.getByRole("form", { name: "Connect Telegram" });
    await form.getByLabel("Connection name").fill("ops-bot");
    await form.getByLabel("Bot token").fill(GOOD_BOT);
    await form.getByRole("button", { name: "Connect" }).click();
    await page.waitForURL(new RegExp(`/w/${slug}/connections/(?!new)[^/]+$`));
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByTestId("connection-test-result").getByText("The connection works.").waitFor();
    const stored = await app.t.db.connection.findFirstOrThrow({ where: { workspace: { slug }, name: "ops-bot" } });
    expect(JSON.stringify(stored.secrets)).not.toContain(GOOD_BOT);
    expect(await page.content()).not.toContain(GOOD_BOT);
    await finishJourney(journey);
  });
});
