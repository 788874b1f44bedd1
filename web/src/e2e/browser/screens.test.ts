// Every screen at 1280 px in the states a person meets besides the happy one: a new workspace's
// empty pages (each saying what to do first), a page whose data is on its way, and a page whose
// data could not be loaded (with a way to try again). Each is screenshotted and checked for
// unlabelled controls; screenshots land in web/e2e-screenshots/screens-*.png.
import { seedMember } from "@switchyard/devstack/testing";
import { describe, it } from "vitest";
import { useBrowserApp } from "./app";
import { checkScreen, finishJourney, openJourney, signInAs } from "./journey";

const app = useBrowserApp("screens");
const WIDTH = 1280;

async function emptyWorkspace(owner: string): Promise<string> {
  const slug = `empty-${Math.random().toString(36).slice(2, 8)}`;
  const workspace = await app.t.db.workspace.create({ data: { slug, name: "Empty workspace" } });
  await seedMember(app.t.db, workspace.id, owner, "owner");
  return slug;
}

/** Each page of a workspace, and what it says when the workspace holds nothing yet. */
const EMPTY_PAGES = [
  ["workflows", "Create your first workflow"],
  ["runs", "No runs yet"],
  ["approvals", "Nothing waits for you"],
  ["connections", "No connections yet"],
  ["alerts", "No alerts"],
  ["audit", "Nothing recorded yet"],
] as const;

/** Settings' sections (links, each its own page), and what each says in a new workspace. */
const EMPTY_SETTINGS = [
  ["Invitations", "invitations", "No pending invitations"],
  ["API tokens", "tokens", "No API tokens"],
] as const;

describe("screens at 1280 px", () => {
  it("a new workspace's pages each say what to do first", async () => {
    const slug = await emptyWorkspace("nell@example.com");
    // The missing run's page answers 404, which the browser logs.
    const journey = await openJourney(app, "screens-empty", [/status of 404 .*\/runs\/no-such-run\)$/], WIDTH);
    await signInAs(journey, "nell@example.com");
    for (const [page, says] of EMPTY_PAGES) {
      await journey.page.goto(`/w/${slug}/${page}`);
      await journey.page.getByRole("heading", { name: says }).waitFor();
      await checkScreen(journey, `screens-empty-${page}`);
    }
    await journey.page.goto(`/w/${slug}/settings`);
    for (const [section, path, says] of EMPTY_SETTINGS) {
      await journey.page
        .getByRole("navigation", { name: "Settings sections" })
        .getByRole("link", { name: section })
        .click();
      await journey.page.getByRole("heading", { name: says }).waitFor();
      await checkScreen(journey, `screens-empty-settings-${path}`);
    }
    await journey.page.goto(`/w/${slug}/runs/no-such-run`);
    await journey.page.getByRole("heading", { name: "Run not found" }).waitFor();
    await finishJourney(journey);
  });

  it("a page says its data is on its way, then shows it", async () => {
    const slug = await emptyWorkspace("lola@example.com");
    const journey = await openJourney(app, "screens-loading", [], WIDTH);
    await signInAs(journey, "lola@example.com");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await journey.page.route("**/api/trpc/**", async (route) => {
      await held;
      await route.continue();
    });
    await journey.page.goto(`/w/${slug}/runs`);
    await journey.page.getByRole("status").filter({ hasText: "Loading" }).first().waitFor();
    await checkScreen(journey, "screens-loading-runs");
    release();
    await journey.page.getByRole("heading", { name: "No runs yet" }).waitFor();
    await finishJourney(journey);
  });

  it("a page whose data cannot be loaded says so and offers to try again, which recovers", async () => {
    const slug = await emptyWorkspace("erin@example.com");
    // The failed loads are what this case is about; the browser logs each one.
    const journey = await openJourney(app, "screens-error", [/Failed to load resource/], WIDTH);
    await signInAs(journey, "erin@example.com");
    let failing = true;
    // As the server answers a batch when its database is away: one error per procedure asked.
    await journey.page.route("**/api/trpc/**", (route) => {
      if (!failing) return route.continue();
      const procedures = new URL(route.request().url()).pathname.split("/api/trpc/")[1]!.split(",");
      const error = { message: "The database is restarting.", code: -32603, data: { httpStatus: 503 } };
      return route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify(procedures.map(() => ({ error }))),
      });
    });
    await journey.page.goto(`/w/${slug}/connections`);
    const alert = journey.page.getByRole("alert").filter({ hasText: "The database is restarting." });
    await alert.waitFor({ timeout: 30_000 });
    await checkScreen(journey, "screens-error-connections");
    failing = false;
    await alert.getByRole("button", { name: "Try again" }).click();
    await journey.page.getByRole("heading", { name: "No connections yet" }).waitFor();
    await finishJourney(journey);
  });
});
