// A sync webhook's answer as sent: a tenant's headers are taken only when they describe the body.
import { describe, expect, it } from "vitest";
import { answerOf } from "./hook-sync";

describe("answerOf", () => {
  it("keeps body headers and X- headers, drops anything that acts on the origin, and always sandboxes", async () => {
    const answer = answerOf({
      status: 200,
      headers: {
        "Content-Type": "text/html",
        "cache-control": "no-store",
        "x-request-id": "r-1",
        "set-cookie": "sid=stolen",
        "strict-transport-security": "max-age=0",
        nel: '{"report_to":"x"}',
        "report-to": "{}",
        "clear-site-data": '"cookies"',
        "access-control-allow-origin": "*",
        location: "https://phish.example",
        "content-encoding": "gzip",
        "x-frame-options": "ALLOWALL",
        "content-security-policy": "default-src *",
        "x-bad": "line\nbreak",
      },
      body: "<h1>hi</h1>",
    });
    expect(Object.fromEntries(answer.headers)).toEqual({
      "content-type": "text/html",
      "cache-control": "no-store",
      "x-request-id": "r-1",
      "content-security-policy": "sandbox",
      "x-content-type-options": "nosniff",
    });
    expect(await answer.text()).toBe("<h1>hi</h1>");
  });

  it("sends text as text, anything else as JSON, and nothing with a 204", async () => {
    expect(answerOf({ status: 200, headers: {}, body: "ok" }).headers.get("content-type")).toBe(
      "text/plain; charset=utf-8",
    );
    const json = answerOf({ status: 201, headers: {}, body: { ok: true } });
    expect([json.status, json.headers.get("content-type"), await json.json()]).toEqual([
      201,
      "application/json",
      { ok: true },
    ]);
    const empty = answerOf({ status: 204, headers: {}, body: { ignored: true } });
    expect([empty.status, await empty.text()]).toEqual([204, ""]);
  });
});
