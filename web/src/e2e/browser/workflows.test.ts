// Journeys 3 to 12 in a real browser on the production build, with a real worker on Temporal:
// building a parallel workflow in the editor, watching a run's branches overlap live, a failed
// branch and "Re-run from here", a checkpoint approved with an edit, a checkpoint set up in the
// editor, who may not see or save, a schedule set up, paused and run now, a manual workflow's
// input schema holding a run's input, a webhook given a signature check and a sync answer, and
// what remembered results did in a run and saved the workflow, and forgetting them.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useBrowserApp } from "./app";
import { checkScreen, finishJourney, openJourney, signInAs, type Journey } from "./journey";
import { fireWebhook, runEnded, seedWorkspace, type SeededSpace } from "./seed";
import { holdThenFail } from "./trpc-route";

const app = useBrowserApp("workflows");

const http = (id: string, path: string, needs: string[] = [], body?: object) => ({
  id,
  uses: "http.request",
  needs,
  with: { url: `${app.h.sink.url}${path}`, method: "POST", ...(body ? { body } : {}) },
  retry: { maxAttempts: 1 },
});

const parallel = (name: string, left: string, right: string) => ({
  name,
  trigger: { type: "webhook" },
  steps: [http("left", left), http("right", right), { id: "join", uses: "core.merge", needs: ["left", "right"] }],
});

/** A person signed in to a fresh browser, on a page of a workspace. */
async function visit(name: string, email: string, path: string, expectedErrors: RegExp[] = []): Promise<Journey> {
  const journey = await openJourney(app, name, expectedErrors);
  await signInAs(journey, email);
  await journey.page.goto(path);
  return journey;
}

async function addHttpStep(journey: Journey, url: string): Promise<void> {
  const { page } = journey;
  await page.getByLabel("Search steps").fill("HTTP request");
  await page.getByRole("button", { name: "HTTP request", exact: true }).click();
  await page.getByRole("complementary", { name: "Selected item" }).getByLabel(/^url/i).fill(url);
}

describe("workflow journeys", () => {
  it("3: builds a webhook workflow with two parallel HTTP steps and a join, saves and enables it", async () => {
    const ws = await seedWorkspace(app.t.db, { "eda@example.com": "editor" });
    const journey = await visit("03-editor", "eda@example.com", `/w/${ws.slug}/workflows/new`);
    const { page } = journey;
    await page.getByLabel("Slug").fill("fan-out");
    await addHttpStep(journey, `${app.h.sink.url}/left`);
    await addHttpStep(journey, `${app.h.sink.url}/right`);
    // Inside `{{` the field completes paths, by keyboard alone: a root, then its field, closed.
    const url = page.getByRole("complementary", { name: "Selected item" }).getByLabel(/^url/i);
    await url.press("End");
    await url.pressSequentially("?run={{ ru");
    await page.getByRole("listbox", { name: "Completions" }).getByRole("option", { name: /^run/ }).waitFor();
    await url.press("Enter");
    await url.pressSequentially("i");
    await url.press("Enter");
    await expect.poll(() => url.inputValue()).toBe(`${app.h.sink.url}/right?run={{ run.id }}`);
    // The second step was added under the first; it runs beside it instead.
    await page.getByTestId("node-request_2").click();
    await page.getByLabel("Runs after", { exact: true }).selectOption([]);
    await page.getByLabel("Search steps").fill("Merge");
    await page.getByRole("button", { name: "Merge", exact: true }).click();
    await page.getByLabel("Runs after", { exact: true }).selectOption(["request", "request_2"]);
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(`**/w/${ws.slug}/workflows/fan-out/edit`);
    await page.getByTestId("save-state").getByText("Saved · version 1").waitFor();
    const toggle = page.getByRole("switch", { name: "Enable" });
    if ((await toggle.getAttribute("aria-checked")) !== "true") await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-checked"), { timeout: 10_000 }).toBe("true");

    const saved = await app.t.db.workflow.findFirstOrThrow({
      where: { workspaceId: ws.id, slug: "fan-out" },
      include: { versions: { orderBy: { version: "desc" }, take: 1 } },
    });
    expect(saved.enabled).toBe(true);
    const steps = (saved.versions[0]!.definition as { steps: { id: string; uses: string; needs: string[] }[] }).steps;
    expect(steps.map(({ id, uses, needs }) => ({ id, uses, needs }))).toEqual([
      { id: "request", uses: "http.request", needs: [] },
      { id: "request_2", uses: "http.request", needs: [] },
      { id: "merge", uses: "core.merge", needs: ["request", "request_2"] },
    ]);
    expect(JSON.stringify(steps[1])).toContain("/right?run={{ run.id }}");
    await finishJourney(journey);
  });

  it("4: fires the webhook and watches both branches overlap and the run succeed, without a reload", async () => {
    // Long enough that the page is open while the run is still going: it must move on by itself.
    app.h.sink.on("/slow-left", { delayMs: 5_000 });
    app.h.sink.on("/slow-right", { delayMs: 5_000 });
    const ws = await seedWorkspace(
      app.t.db,
      { "vera@example.com": "viewer" },
      parallel("Fan", "/slow-left", "/slow-right"),
    );
    const runId = await fireWebhook(app.web.url, ws.hookToken);
    const journey = await visit("04-run-live", "vera@example.com", `/w/${ws.slug}/runs/${runId}`);
    const { page } = journey;
    expect(await page.getByTestId("run-status").getAttribute("data-status")).toMatch(/^(queued|running)$/);
    await page.evaluate(() => ((window as { loadedOnce?: boolean }).loadedOnce = true));
    await page.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    const interval = async (id: string) => {
      const bar = page.getByTestId(`gantt-bar-${id}`);
      return [Number(await bar.getAttribute("data-start")), Number(await bar.getAttribute("data-end"))] as const;
    };
    const [left, right] = [await interval("left"), await interval("right")];
    expect(left[0] < right[1] && right[0] < left[1]).toBe(true);
    expect(await page.evaluate(() => (window as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    await finishJourney(journey);
  });

  it("5: shows a failed step, its blocked dependent and the finished other branch; re-runs from the failed step", async () => {
    app.h.sink.on("/flaky", [{ status: 500 }, {}]);
    const definition = {
      name: "Flaky",
      trigger: { type: "webhook" },
      steps: [http("flaky", "/flaky"), http("after", "/after", ["flaky"]), http("other", "/other")],
    };
    const ws = await seedWorkspace(app.t.db, { "eda5@example.com": "editor" }, definition);
    const runId = await fireWebhook(app.web.url, ws.hookToken);
    await runEnded(app.t.db, runId);
    const journey = await visit("05-failed-branch", "eda5@example.com", `/w/${ws.slug}/runs/${runId}`);
    const { page } = journey;
    const node = (id: string) => page.getByTestId(`graph-node-${id}`);
    await node("flaky").and(page.locator('[data-status="failed"]')).waitFor();
    expect(await node("other").getAttribute("data-status")).toBe("succeeded");
    expect(await node("after").getAttribute("data-status")).toMatch(/^(skipped|cancelled|pending)$/);
    await node("flaky").getByRole("button").click();
    await page.getByRole("button", { name: "Re-run from here" }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`/w/${ws.slug}/runs/`) && !url.pathname.endsWith(runId));
    await page.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    expect(await node("after").getAttribute("data-status")).toBe("succeeded");
    await finishJourney(journey);
  });

  it("6: approves a checkpoint with an edit from the inbox, and the next step's input shows the edit", async () => {
    const definition = {
      name: "Announce",
      trigger: { type: "webhook" },
      steps: [
        {
          id: "review",
          uses: "core.checkpoint",
          with: {
            title: "Publish {{ trigger.body.text }}?",
            editable: [{ field: "post.with.body.text", label: "Post text" }],
            channels: ["web"],
          },
        },
        http("post", "/post", ["review"], { text: "{{ trigger.body.text }}" }),
      ],
    };
    const ws = await seedWorkspace(app.t.db, { "ada@example.com": "admin" }, definition);
    const runId = await fireWebhook(app.web.url, ws.hookToken, { text: "v1.0" });
    await expect.poll(() => app.t.db.approval.count({ where: { runId } }), { timeout: 60_000 }).toBe(1);
    const journey = await visit("06-approve-with-edit", "ada@example.com", `/w/${ws.slug}/approvals`);
    const { page } = journey;
    await page.getByRole("button", { name: "Publish v1.0?" }).click();
    const decision = page.getByRole("form", { name: "Decision" });
    await decision.getByLabel("Post text").fill("v1.0 is out, edited");
    // The decision form as an approver sees it on a desktop screen, with the edit typed in.
    await page.setViewportSize({ width: 1280, height: 800 });
    await checkScreen(journey, "06-approval-decision");
    await decision.getByRole("button", { name: "Approve" }).click();
    expect(await runEnded(app.t.db, runId)).toBe("succeeded");
    expect(JSON.parse(app.h.sink.calls("/post").at(-1)!.body)).toEqual({ text: "v1.0 is out, edited" });
    await page.goto(`/w/${ws.slug}/runs/${runId}`);
    await page.getByTestId("graph-node-post").getByRole("button").click();
    await page.getByLabel("post input").getByText("v1.0 is out, edited").waitFor();
    await finishJourney(journey);
  });

  it("7: a viewer cannot save, and a member of another workspace gets 404 for this workspace's run", async () => {
    const ws = await seedWorkspace(app.t.db, { "vic@example.com": "viewer" }, parallel("Seen", "/a", "/b"));
    const other = await seedWorkspace(app.t.db, { "sam@example.com": "owner" });
    const runId = await fireWebhook(app.web.url, ws.hookToken);
    const viewer = await visit("07-viewer-read-only", "vic@example.com", `/w/${ws.slug}/workflows/wf/edit`);
    await viewer.page.getByText("Read-only: viewers cannot save.").waitFor();
    expect(await viewer.page.getByRole("button", { name: "Save" }).count()).toBe(0);
    const save = await viewer.context.request.post("/api/trpc/workflows.upsert", {
      headers: { "x-switchyard-workspace": ws.slug },
      data: { slug: "wf", definition: parallel("Changed", "/a", "/b") },
    });
    expect(save.status()).toBe(403);
    await finishJourney(viewer);

    // The refused page itself is the one console error expected: the browser reports its 404.
    const stranger = await visit("07-stranger-404", "sam@example.com", `/w/${other.slug}`, [
      new RegExp(`status of 404 .*\\(${app.web.url}/w/${ws.slug}/runs/${runId}\\)$`),
    ]);
    const response = await stranger.page.goto(`/w/${ws.slug}/runs/${runId}`);
    expect(response?.status()).toBe(404);
    await finishJourney(stranger);
  });

  it("8: sets up a checkpoint in the editor: where it asks, who approves, what an approver may edit", async () => {
    const ws = await seedWorkspace(
      app.t.db,
      { "cleo@example.com": "editor" },
      {
        name: "Gated",
        trigger: { type: "webhook" },
        steps: [
          { id: "gate", uses: "core.checkpoint", with: { title: "Ship it?" } },
          http("post", "/post", ["gate"], { text: "hello" }),
        ],
      },
    );
    const journey = await visit("08-checkpoint-form", "cleo@example.com", `/w/${ws.slug}/workflows/wf/edit`);
    const { page } = journey;
    await page.getByTestId("node-gate").click();
    const panel = page.getByRole("complementary", { name: "Selected item" });
    const channels = panel.getByRole("group", { name: "Channels" });
    // Unset, the channels show their default: the web inbox.
    expect(await channels.getByLabel("web").isChecked()).toBe(true);
    await channels.getByLabel("email").check();
    // The Slack target shows only once Slack is a channel.
    const slackGroup = panel.getByRole("heading", { name: "Slack", exact: true });
    expect(await slackGroup.count()).toBe(0);
    await channels.getByLabel("slack").check();
    await slackGroup.waitFor();
    await channels.getByLabel("slack").uncheck();
    await slackGroup.waitFor({ state: "detached" });
    await panel.getByRole("button", { name: "Add to Approvers" }).click();
    await panel.getByLabel("Approvers 1", { exact: true }).fill("ops@example.com");
    await panel.getByRole("button", { name: "Add to Editable" }).click();
    // What may be edited is chosen among the inputs of the step that waits for the checkpoint.
    await panel
      .getByRole("group", { name: "Editable 1" })
      .getByLabel(/^Field/)
      .selectOption("post.with.url");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("save-state").getByText("Saved · version 2").waitFor();

    const saved = await app.t.db.workflow.findFirstOrThrow({
      where: { workspaceId: ws.id, slug: "wf" },
      include: { versions: { orderBy: { version: "desc" }, take: 1 } },
    });
    const gate = (saved.versions[0]!.definition as { steps: { id: string; with: object }[] }).steps[0]!;
    expect(gate.with).toEqual({
      title: "Ship it?",
      channels: ["web", "email"],
      approvers: ["ops@example.com"],
      editable: [{ field: "post.with.url" }],
    });
    // On a narrow screen the step list folds away, leaving the room to the graph.
    await page.getByRole("button", { name: "Hide the step list" }).focus();
    await page.keyboard.press("Enter");
    expect(await page.getByLabel("Search steps").count()).toBe(0);
    // The same button keeps the focus, so the keyboard brings the list back, and folds it again.
    await page.keyboard.press("Enter");
    await page.getByLabel("Search steps").waitFor();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Show the step list" }).waitFor();
    await finishJourney(journey);
  });

  it("9: schedules a workflow in the editor, sees its next fires in its time zone, pauses it and runs it now", async () => {
    const ws = await seedWorkspace(app.t.db, { "sam@example.com": "editor" });
    // The schedule's first load is made to fail below; the browser logs it.
    const journey = await visit("09-schedule", "sam@example.com", `/w/${ws.slug}/workflows/wf/edit`, [
      /Failed to load resource/,
    ]);
    const { page } = journey;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.getByTestId("node-trigger").click();
    const panel = page.getByRole("complementary", { name: "Selected item" });
    await panel.getByLabel("Starts on").selectOption("schedule");
    await panel.getByLabel("Cron expression").fill("30 9 * * MON-FRI");
    await panel.getByLabel("Time zone").fill("Europe/Paris");
    await panel.getByText("Save the workflow to schedule it.").waitFor();
    await checkScreen(journey, "09-schedule-unsaved");

    // Its state on its way, then failing (as while the database restarts), then loaded on request.
    const schedule = await holdThenFail(page, "workflows.schedule", "The database is restarting.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("save-state").getByText("Saved · version 2").waitFor();
    await panel.getByRole("status").filter({ hasText: "Loading the schedule" }).waitFor();
    await checkScreen(journey, "09-schedule-loading");
    schedule.release();
    const alert = panel.getByRole("alert").filter({ hasText: "The database is restarting." });
    await alert.waitFor();
    await checkScreen(journey, "09-schedule-error");
    schedule.recover();
    await alert.getByRole("button", { name: "Try again" }).click();

    // Temporal's next fires, each 9:30 on a weekday in Paris, whatever the browser's own zone.
    const fires = panel.getByTestId("next-fires").locator("time");
    await expect.poll(() => fires.count(), { timeout: 15_000 }).toBe(5);
    const paris = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Paris",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    for (const iso of await fires.evaluateAll((times) => times.map((t) => t.getAttribute("datetime")!)))
      expect(paris.format(new Date(iso))).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:30$/);
    await panel.getByRole("button", { name: "Run now" }).scrollIntoViewIfNeeded();
    await checkScreen(journey, "09-schedule-active");

    await panel.getByRole("button", { name: "Pause" }).click();
    await panel
      .getByTestId("schedule-state")
      .getByText(/^Paused/)
      .waitFor();
    const workflow = () => app.t.db.workflow.findFirstOrThrow({ where: { workspaceId: ws.id, slug: "wf" } });
    expect((await workflow()).schedulePaused).toBe(true);
    await panel.getByRole("button", { name: "Run now" }).click();
    await panel.getByRole("link", { name: "a run" }).waitFor();
    const run = await app.t.db.run.findFirstOrThrow({ where: { workspaceId: ws.id, source: "schedule" } });
    expect(await runEnded(app.t.db, run.id)).toBe("succeeded");
    await panel.getByRole("button", { name: "Resume" }).click();
    await panel.getByTestId("schedule-state").getByText("Active").waitFor();
    expect((await workflow()).schedulePaused).toBe(false);
    await finishJourney(journey);
  });
  it("10: gives a manual workflow an input schema, is told each bad field of a run's input, and runs it fixed", async () => {
    const ws = await seedWorkspace(app.t.db, { "mia@example.com": "editor" });
    // The refused start is a 400 the browser logs.
    const journey = await visit("10-manual-input", "mia@example.com", `/w/${ws.slug}/workflows/wf/edit`, [
      /Failed to load resource/,
    ]);
    const { page } = journey;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.getByTestId("node-trigger").click();
    const panel = page.getByRole("complementary", { name: "Selected item" });
    await panel.getByLabel("Starts on").selectOption("manual");
    const schema = {
      type: "object",
      properties: {
        email: { type: "string", format: "email" },
        seats: { type: "integer", minimum: 1, default: 2 },
      },
      required: ["email"],
    };
    await panel.getByLabel(/^Input schema/).fill(JSON.stringify(schema, null, 2));
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("save-state").getByText("Saved · version 2").waitFor();

    await page.getByTestId("test-run-menu").click();
    await page.getByRole("menuitem", { name: /Run with sample input/ }).click();
    // Prefilled from the schema: its default, and a blank for the required field.
    const input = page.getByTestId("test-run-input");
    await expect.poll(async () => JSON.parse(await input.inputValue())).toEqual({ email: "", seats: 2 });
    await input.fill(JSON.stringify({ email: "not an address", seats: 0 }));
    await page.getByRole("button", { name: "Start run" }).click();
    const errors = page.getByTestId("test-run-input-errors");
    await errors.getByText('must match format "email"').waitFor();
    await expect.poll(() => errors.textContent()).toContain("input/seats: must be >= 1");
    await checkScreen(journey, "10-manual-input-refused");
    expect(await app.t.db.run.count({ where: { workspaceId: ws.id } })).toBe(0);

    await input.fill(JSON.stringify({ email: "mia@example.com" }));
    await page.getByRole("button", { name: "Start run" }).click();
    await page.waitForURL(/\/runs\//);
    const run = await app.t.db.run.findFirstOrThrow({
      where: { workspaceId: ws.id },
      select: { id: true, event: { select: { payload: true } } },
    });
    expect(run.event?.payload).toEqual({ body: { email: "mia@example.com", seats: 2 } });
    expect(await runEnded(app.t.db, run.id)).toBe("succeeded");
    await finishJourney(journey);
  });
  it("11: protects a webhook with a signature and a sync answer in the editor; the secret is sealed and never shown", async () => {
    const ws = await seedWorkspace(app.t.db, { "hal@example.com": "editor" });
    const journey = await visit("11-webhook-checks", "hal@example.com", `/w/${ws.slug}/workflows/wf/edit`);
    const { page } = journey;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.getByTestId("node-trigger").click();
    const panel = page.getByRole("complementary", { name: "Selected item" });
    await panel.getByLabel("Verify requests").selectOption("hmac");
    await panel.getByLabel("Signature header").fill("x-signature");
    const secret = "journey-eleven-secret";
    await panel.getByLabel("Signing secret").fill(secret);
    await panel.getByLabel("Answers").selectOption("sync");
    await panel.getByLabel("Wait at most").fill("20s");
    await checkScreen(journey, "11-webhook-checks-filled");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("save-state").getByText("Saved · version 2").waitFor();
    // After the save the form holds only the sealed reference.
    await expect.poll(() => panel.getByLabel("Signing secret").inputValue()).toBe("");
    await panel.getByText("Stored sealed; type a new one to replace it.").waitFor();
    await checkScreen(journey, "11-webhook-checks-sealed");
    expect(await page.content()).not.toContain(secret);

    const url = `${app.web.url}/hooks/${ws.hookToken}`;
    const body = JSON.stringify({ n: 1 });
    const signature = createHmac("sha256", secret).update(body).digest("hex");
    const headers = { "content-type": "application/json" };
    expect((await fetch(url, { method: "POST", headers, body })).status).toBe(401);
    const answered = await fetch(url, { method: "POST", headers: { ...headers, "x-signature": signature }, body });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ status: "succeeded", workflow: "wf" });
    await finishJourney(journey);
  });

  it("12: shows where a cached step's output came from, an incremental step's changes and what memory saved; clears a cache", async () => {
    const ws = await seedWorkspace(app.t.db, { "rey@example.com": "editor" }, REMEMBERING);
    const { original, runId } = await seedRememberedRun(ws);
    // The savings' failed loads are provoked on purpose; the browser logs each one.
    const journey = await openJourney(app, "12-remembered", [/Failed to load resource/], 1280);
    await signInAs(journey, "rey@example.com");
    const { page } = journey;
    await page.goto(`/w/${ws.slug}/runs/${runId}`);
    await page.getByTestId("graph-node-fetch").getByRole("button").click();
    const origin = page.getByTestId("step-origin");
    await origin.getByText(`Cached — from run ${original.slice(-8)}`).waitFor();
    await origin.getByText("saved 1 call, ~840 ms").waitFor();
    expect(await origin.getByRole("link").getAttribute("href")).toBe(`/w/${ws.slug}/runs/${original}`);
    await checkScreen(journey, "12-remembered-cached-step");

    await page.getByTestId("graph-node-push").getByRole("button").click();
    const items = page.getByRole("region", { name: "push" }).getByRole("region", { name: "Items" });
    await items.getByText("Added (20)").waitFor();
    expect(await items.getByTestId("incremental-counts").innerText()).toMatch(
      /Processed\s+21\s+Reused\s+40\s+Failed\s+1/,
    );
    const added = items.getByRole("list", { name: "Added keys" });
    expect(await added.getByRole("listitem").count()).toBe(12);
    await items.getByRole("button", { name: "Show all 20" }).click();
    expect(await added.getByRole("listitem").count()).toBe(20);
    await items.getByText("40 unchanged").waitFor();
    await items.getByText("Reusing items saved 40 calls, ~2.6 s.").waitFor();
    await checkScreen(journey, "12-remembered-incremental-step");

    // What memory saved fails to load (as while the database restarts), then loads on request.
    const savings = await holdThenFail(page, "workflows.savings", "The database is restarting.");
    await page.goto(`/w/${ws.slug}/workflows/wf/edit`);
    savings.release();
    const failed = page.getByRole("alert").filter({ hasText: "The database is restarting." });
    await failed.waitFor();
    await checkScreen(journey, "12-remembered-savings-error");
    savings.recover();
    await failed.getByRole("button", { name: "Try again" }).click();
    await page
      .getByTestId("savings-line")
      .getByText("41 calls, ~3.4 s over 7 days · 41 calls, ~3.4 s over 30 days")
      .waitFor();
    await page.getByTestId("node-fetch").click();
    await page.getByRole("button", { name: "Clear the cache of fetch" }).click();
    const dialog = page.getByRole("dialog", { name: "Clear the cache of fetch?" });
    await dialog.waitFor();
    await checkScreen(journey, "12-remembered-clear-cache");
    await dialog.getByRole("button", { name: "Clear cache" }).click();
    await page.getByRole("alert").getByText("Cleared 1 remembered result of fetch.").waitFor();
    expect(await app.t.db.stepCacheEntry.count({ where: { stepId: "fetch" } })).toBe(0);
    await page.getByTestId("node-push").click();
    await page.getByRole("button", { name: "Reset the memory of push" }).scrollIntoViewIfNeeded();
    await checkScreen(journey, "12-remembered-reset-memory");
    await finishJourney(journey);
  });
});

/** A workflow whose `fetch` step remembers its result and whose `push` fan-out remembers the rows it sent. */
const REMEMBERING = {
  name: "Sync customers",
  trigger: { type: "webhook" },
  steps: [
    { id: "fetch", uses: "core.transform", cache: { ttl: "1d" }, with: { value: { rows: [] } } },
    {
      id: "push",
      uses: "http.request",
      needs: ["fetch"],
      forEach: "{{ steps.fetch.output.rows }}",
      incremental: { key: "{{ item.id }}", version: "{{ item.updated_at }}" },
      with: { url: "http://127.0.0.1:1/rows", method: "POST", body: "{{ item }}" },
    },
  ],
};

/**
 * Step rows as the engine writes them for a run that took fetch's result from an earlier run, and
 * pushed only the changed rows (the engine's own tests run them); with fetch's cache entry.
 */
async function seedRememberedRun(ws: SeededSpace): Promise<{ original: string; runId: string }> {
  const db = app.t.db;
  const workflow = await db.workflow.findFirstOrThrow({
    where: { workspaceId: ws.id, slug: "wf" },
    select: { id: true, versions: { select: { id: true } } },
  });
  const run = async () =>
    (
      await db.run.create({
        data: {
          workspaceId: ws.id,
          workflowId: workflow.id,
          versionId: workflow.versions[0]!.id,
          status: "partially_succeeded",
        },
      })
    ).id;
  const [original, runId] = [await run(), await run()];
  const at = (ms: number) => new Date(Date.now() - 60_000 + ms);
  await db.run.update({ where: { id: runId }, data: { startedAt: at(0), endedAt: at(1_500) } });
  await db.stepRun.createMany({
    data: [
      {
        runId,
        stepId: "fetch",
        status: "succeeded",
        startedAt: at(0),
        endedAt: at(5),
        reason: "cached",
        originRunId: original,
        savedCalls: 1,
        savedMs: 840,
      },
      {
        runId,
        stepId: "push",
        status: "failed",
        attempts: 1,
        startedAt: at(5),
        endedAt: at(1_500),
        error: { message: "1 of 61 items failed" },
        savedCalls: 40,
        savedMs: 2_600,
        incremental: {
          processed: 21,
          reused: 40,
          failed: 1,
          changes: {
            added: Array.from({ length: 20 }, (_, i) => `cus_${1_000 + i}`),
            changed: ["cus_0007"],
            removed: ["cus_0099", "cus_0100"],
            unchanged: 40,
          },
        },
      },
    ],
  });
  await db.stepCacheEntry.create({
    data: {
      workflowId: workflow.id,
      stepId: "fetch",
      key: "a".repeat(64),
      output: { rows: [] },
      runId: original,
      durationMs: 840,
      expiresAt: new Date(Date.now() + 86_400_000),
      usedAt: new Date(),
    },
  });
  return { original, runId };
}
