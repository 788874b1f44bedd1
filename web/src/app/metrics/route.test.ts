// GET /metrics: only with SWITCHYARD_METRICS_TOKEN set, and only for its bearer.
import { afterEach, describe, expect, it, vi } from "vitest";

const TOKEN = "m".repeat(40);

async function metricsRoute(token: string | undefined) {
  vi.resetModules();
  vi.stubEnv("SWITCHYARD_METRICS_TOKEN", token);
  return (await import("./route")).GET;
}
afterEach(() => vi.unstubAllEnvs());

describe("web /metrics", () => {
  it("is not there without a token configured", async () => {
    const GET = await metricsRoute(undefined);
    expect((await GET(new Request("http://x/metrics"))).status).toBe(404);
  });

  it("answers the token's bearer only, with switchyard_ metrics", async () => {
    const GET = await metricsRoute(TOKEN);
    const asked = (authorization?: string) =>
      GET(new Request("http://x/metrics", authorization ? { headers: { authorization } } : {}));
    expect((await asked()).status).toBe(401);
    expect((await asked(`Bearer ${TOKEN}x`)).status).toBe(401);
    const res = await asked(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^# TYPE switchyard_webhook_accept_seconds histogram$/m);
  });
});
