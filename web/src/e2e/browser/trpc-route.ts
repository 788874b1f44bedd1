// A tRPC procedure's answer held back, then failed, in the browser: how a journey shows a screen
// while its data is on its way and once it could not be loaded. The rest of a batch is the server's.
import type { Page } from "playwright-core";

export interface HeldProcedure {
  /** Lets the held answers go on, as failures while `failing`. */
  release(): void;
  /** From now on the server answers. */
  recover(): void;
}

/** Holds the browser's calls of `procedure` (e.g. "events.list") until released, then fails them with `message` (a 503). */
export async function holdThenFail(page: Page, procedure: string, message: string): Promise<HeldProcedure> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let failing = true;
  await page.route(new RegExp(`/api/trpc/[^?]*${procedure.replace(".", "\\.")}\\b`), async (route) => {
    if (!failing) return route.continue();
    await held;
    const procedures = new URL(route.request().url()).pathname.split("/api/trpc/")[1]!.split(",");
    const answers = (await (await route.fetch()).json()) as unknown[];
    const error = { message, code: -32603, data: { httpStatus: 503 } };
    const body = procedures.map((p, i) => (p === procedure ? { error } : answers[i]));
    return route.fulfill({
      status: procedures.length > 1 ? 207 : 503,
      contentType: "application/json",
      body: JSON.stringify(body),
    });
  });
  return {
    release,
    recover: () => {
      failing = false;
    },
  };
}
