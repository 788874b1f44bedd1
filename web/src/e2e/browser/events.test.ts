// Journey 12 in a real browser on the production build, with a real worker on Temporal: a webhook's
// events listed beside what its webhook refused, one opened whole (a credential header redacted, the
// body), replayed, and the new run followed; the list's empty, loading and error states; and a
// viewer, who reads events but cannot replay them.
import { describe, expect, it } from "vitest";
import { useBrowserApp } from "./app";
import { checkScreen, finishJourney, openJourney, signInAs } from "./journey";
import { fireWebhook, runEnded, seedWorkspace } from "./seed";
import { holdThenFail } from "./trpc-route";

const app = useBrowserApp("events");
const WIDTH = 1280;

describe("event journeys", () => {
  it("12: lists a webhook's events and refusals, opens one with its header redacted, replays it and follows the run", async () => {
    const ws = await seedWorkspace(app.t.db, { "eve@example.com": "editor", "vic@example.com": "viewer" });
    // The list's load is made to fail below; the browser logs it.
    const journey = await openJourney(app, "12-events", [/Failed to load resource/], WIDTH);
    const { page } = journey;
    await signInAs(journey, "eve@example.com");
    await page.goto(`/w/${ws.slug}/events`);
    await page.getByRole("heading", { name: "No events yet" }).waitFor();
    await checkScreen(journey, "12-events-empty");

    const first = await fireWebhook(app.web.url, ws.hookToken, { order: 1 });
    const secret = "Bearer journey-twelve-token";
    const second = await fireWebhook(
      app.web.url,
      ws.hookToken,
      { order: 2, items: [{ sku: "A-1", qty: 2 }] },
      { authorization: secret, "idempotency-key": "order-2" },
    );
    expect((await fetch(`${app.web.url}/hooks/${ws.hookToken}`, { method: "PUT" })).status).toBe(405);
    await Promise.all([runEnded(app.t.db, first), runEnded(app.t.db, second)]);

    // The list on its way, then failing (as while the database restarts), then loaded on request.
    const list = await holdThenFail(page, "events.list", "The database is restarting.");
    await page.goto(`/w/${ws.slug}/events?workflow=wf`);
    await page.getByRole("status").filter({ hasText: "Loading events" }).waitFor();
    await checkScreen(journey, "12-events-loading");
    list.release();
    const alert = page.getByRole("alert").filter({ hasText: "The database is restarting." });
    await alert.waitFor({ timeout: 15_000 });
    await checkScreen(journey, "12-events-error");
    list.recover();
    await alert.getByRole("button", { name: "Try again" }).click();

    const events = await app.t.db.event.findMany({ where: { workspaceId: ws.id }, orderBy: { receivedAt: "asc" } });
    expect(events).toHaveLength(2);
    const [plain, signed] = events as [(typeof events)[0], (typeof events)[0]];
    await page.getByTestId(`event-row-${plain.id}`).waitFor();
    const row = page.getByTestId(`event-row-${signed.id}`);
    await row.getByText("order-2").waitFor();
    const refusals = page.getByTestId("refusals");
    await refusals.getByText("Refused deliveries").waitFor();
    expect(await refusals.locator('[data-reason="method_not_allowed"]').textContent()).toMatch(
      /^Wrong method · 1 · last /,
    );
    expect(await page.getByLabel("Workflow", { exact: true }).inputValue()).toBe("wf");
    await checkScreen(journey, "12-events-list");

    await row.getByRole("link", { name: new RegExp(`event ${signed.id}`) }).click();
    await page.waitForURL(`**/w/${ws.slug}/events/${signed.id}`);
    const headers = page.getByRole("table", { name: "Request headers" });
    await headers
      .getByRole("row", { name: /authorization/ })
      .getByText("Redacted")
      .waitFor();
    expect(await page.content()).not.toContain("journey-twelve-token");
    await page.getByLabel("Event body").getByText('"sku": "A-1"').waitFor();
    await checkScreen(journey, "12-event-detail");

    await page.getByRole("button", { name: "Replay" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Replay" }).click();
    await page
      .getByRole("status")
      .getByRole("link", { name: /open run/ })
      .click();
    await page.waitForURL((url) => /\/runs\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(second));
    await page.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    const replay = await app.t.db.event.findFirstOrThrow({ where: { workspaceId: ws.id, source: "replay" } });
    expect(replay.replayOfId).toBe(signed.id);
    await finishJourney(journey);

    const viewer = await openJourney(app, "12-events-viewer", [], WIDTH);
    await signInAs(viewer, "vic@example.com");
    await viewer.page.goto(`/w/${ws.slug}/events/${signed.id}`);
    await viewer.page.getByRole("table", { name: "Request headers" }).waitFor();
    expect(await viewer.page.getByRole("button", { name: "Replay" }).count()).toBe(0);
    await finishJourney(viewer);
  });
});
