import { afterEach, describe, expect, it } from "vitest";
import { createMockContext, startFakeApi, type FakeApi, type FakeRequest, type FakeResponse } from "../sdk/testing";
import { sendMessage } from "./actions/send-message";
import { telegram } from "./index";

const TOKEN = "123456789:AAbbccddeeffgghhiijjkkll";
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function send(respond: FakeResponse | ((r: FakeRequest, n: number) => FakeResponse)) {
  api = await startFakeApi([
    {
      method: "POST",
      path: `/bot${TOKEN}/sendMessage`,
      check: (r) => {
        const b = r.json as { chat_id?: unknown; text?: unknown; parse_mode?: unknown };
        return b.chat_id === -100123 && b.text === "Deployed" && b.parse_mode === "HTML" ? undefined : `body was ${r.body}`;
      },
      respond,
    },
  ]);
  const ctx = createMockContext(sendMessage, { connector: telegram, props: { chatId: -100123, text: "Deployed", parseMode: "HTML" }, credentials: { botToken: TOKEN }, baseUrl: `${api.url}/` });
  return sendMessage.run!(ctx);
}

describe("telegram.sendMessage", () => {
  it("puts the token in the path and maps the result", async () => {
    expect(await send({ body: { ok: true, result: { message_id: 42, chat: { id: -100123 }, date: 1, text: "Deployed" } } })).toEqual({ messageId: 42, chatId: -100123 });
  });

  it("turns 401 into a clear, non-retryable error", async () => {
    await expect(send({ status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } })).rejects.toThrow("Telegram rejected the bot token (Unauthorized); check the connection");
  });

  it("carries Telegram's retry_after on a 429 for the engine to wait out", async () => {
    const err = (await send({ status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } } }).catch((e: unknown) => e)) as { retryAfterMs?: number; message: string; status?: number };
    expect(err).toMatchObject({ status: 429, retryAfterMs: 7000 });
    expect(err.message).toContain("Too Many Requests");
  });

  it("rejects a malformed response and refuses a malformed token up front", async () => {
    await expect(send({ body: { result: {} } })).rejects.toThrow(/unexpected response/);
    expect(() => createMockContext(sendMessage, { connector: telegram, props: { chatId: 1, text: "x" }, credentials: { botToken: "nope" }, baseUrl: "http://127.0.0.1:9/" })).toThrow(/bot token looks like/);
  });

  it("never puts the bot token (which travels in the URL path) into an error message", async () => {
    const err = (await send({ status: 502, raw: "Bad Gateway", headers: { "content-type": "text/plain" } }).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("HTTP 502");
    expect(err.message).toContain("/bot***/sendMessage");
    expect(err.message).not.toContain(TOKEN);
  });
});
