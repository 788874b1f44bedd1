// The whole product for a browser test file: the production build served by `next start`, a worker
// on Temporal, a fresh PostgreSQL database, an SMTP sink for mailed links, and Debian's Chromium.
import { randomBytes } from "node:crypto";
import { parseKeyRing } from "@switchyard/db";
import {
  freePort,
  startNextServer,
  startSmtpSink,
  testTemporalConfig,
  useEngine,
  useTestDatabase,
  type EngineHarness,
  type NextServer,
  type SmtpSink,
  type TestDatabase,
} from "@switchyard/devstack/testing";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export interface BrowserApp {
  t: TestDatabase;
  h: EngineHarness;
  web: NextServer;
  mail: SmtpSink;
  browser: Browser;
}

export interface BrowserAppOptions {
  /** More environment for the web app (fakes' base URLs, ...); a thunk so it may use values from earlier hooks. */
  appEnv?: () => Record<string, string>;
  /** Connector slug → base URL, for the worker. */
  baseUrls?: () => Record<string, string>;
}

/** Debian's package; Playwright's own browser download is never used (the machines cannot reach it). */
export const CHROMIUM = "/usr/bin/chromium";

export function useBrowserApp(label: string, options: BrowserAppOptions = {}): BrowserApp {
  const encryptionKey = randomBytes(32).toString("base64");
  const t = useTestDatabase();
  const h = useEngine(t, label, {
    keyRing: () => parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: encryptionKey }),
    baseUrls: options.baseUrls,
  });
  const app = { t, h } as BrowserApp;
  beforeAll(async () => {
    app.mail = await startSmtpSink();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const temporal = testTemporalConfig(h.taskQueue);
    [app.web, app.browser] = await Promise.all([
      startNextServer(
        {
          DATABASE_URL: t.url,
          TEMPORAL_ADDRESS: temporal.address,
          TEMPORAL_NAMESPACE: temporal.namespace,
          TEMPORAL_TASK_QUEUE: h.taskQueue,
          SWITCHYARD_ENCRYPTION_KEY: encryptionKey,
          SWITCHYARD_SECRET: randomBytes(32).toString("base64url"),
          SWITCHYARD_PUBLIC_URL: url,
          NEXTAUTH_URL: url,
          SMTP_URL: app.mail.url,
          // The fakes listen on loopback; the guard itself is covered by the HTTP client's tests.
          SWITCHYARD_SSRF_GUARD: "off",
          ...options.appEnv?.(),
        },
        port,
      ),
      chromium.launch({ executablePath: CHROMIUM, headless: true }),
    ]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.web?.stop();
    await app.mail?.close();
  });
  return app;
}
