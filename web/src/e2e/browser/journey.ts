// One person's browser for one journey: console errors are collected (any fails the journey), and the
// end state is screenshotted and checked for unlabelled controls (the Lighthouse-style check).
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { expect, onTestFailed } from "vitest";
import type { BrowserApp } from "./app";

export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../../e2e-screenshots");

export interface Journey {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

/**
 * A fresh browser context (its own cookies), by default 1024 px wide, the narrowest width the screens
 * must work at. `expectedErrors` are console errors the journey provokes on purpose (a refused request).
 */
export async function openJourney(
  app: BrowserApp,
  name: string,
  expectedErrors: RegExp[] = [],
  width = 1024,
): Promise<Journey> {
  const context = await app.browser.newContext({ baseURL: app.web.url, viewport: { width, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (msg) => {
    const text = `${msg.text()} (${msg.location().url})`;
    if (msg.type() === "error" && !expectedErrors.some((re) => re.test(text))) errors.push(text);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.stack}`));
  // What the person saw when the journey broke (an older run's picture would mislead), and what the console said.
  await rm(path.join(SCREENSHOTS, `${name}-failed.png`), { force: true });
  onTestFailed(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-failed.png`), fullPage: true }).catch(() => {});
    if (errors.length) console.error(`[${name}] console errors:\n${errors.join("\n")}`);
  });
  return { name, context, page, errors };
}

/** Signs in through next-auth's development login, as the sign-in form does (for journeys not about signing in). */
export async function signInAs(journey: Journey, email: string): Promise<void> {
  const request = journey.context.request;
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/dev-login", {
    form: { csrfToken, email, callbackUrl: "/", json: "true" },
  });
  expect(res.ok()).toBe(true);
  const cookies = await journey.context.cookies();
  expect(cookies.map((c) => c.name)).toContainEqual(expect.stringContaining("session-token"));
}

/** Controls the browser computes no accessible name for, from Chromium's accessibility tree. */
export async function unlabelledControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator("body").ariaSnapshot();
  const control = /^\s*- (textbox|searchbox|combobox|listbox|checkbox|radio|switch|spinbutton|slider|button)\b(?!\s*")/;
  return snapshot.split("\n").filter((line) => control.test(line));
}

/** A screenshot of what the person sees now, with every control labelled. */
export async function checkScreen(journey: Journey, name = journey.name): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await journey.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  expect({ screen: name, unlabelled: await unlabelledControls(journey.page) }).toEqual({
    screen: name,
    unlabelled: [],
  });
}

/** The journey's end: its screen checked, and no console error. */
export async function finishJourney(journey: Journey): Promise<void> {
  await checkScreen(journey);
  expect({ consoleErrors: journey.errors }).toEqual({ consoleErrors: [] });
  await journey.context.close();
}
