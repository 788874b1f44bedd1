import { afterEach, describe, expect, it } from "vitest";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeResponse,
} from "../sdk/testing";
import { sendMessage } from "./actions/send-message";
import { telegram } from "./index";

const TOKEN = "123456789:AAbbccddeeffgghhiijjkkll";
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const props = { chatId: -100123, text: "Deployed", parseMode: "HTML" };
/** The token is the path's /bot<token>/ segment: a request reaching this route carries it exactly. */
const sendRoute = {
  method: "POST",
  path: `/bot${TOKEN}/sendMessage`,
  check: (r: FakeRequest) => {
    const b = r.json as { chat_id?: unknown; text?: unknown; parse_mode?: unknown };
    if (!String(r.headers["content-type"]).startsWith("application/json"))
      return `content-type was ${r.headers["content-type"]}`;
    return b.chat_id === -100123 && b.text === "Deployed" && b.parse_mode === "HTML" ? undefined : `body was ${r.body}`;
  },
};

async function send(respond: FakeResponse | ((r: FakeRequest, n: number) => FakeResponse)) {
  api = await startFakeApi([{ ...sendRoute, respond }]);
  return sendMessage.run!(
    createMockContext(sendMessage, {
      connector: telegram,
      props,
      credentials: { botToken: TOKEN },
      baseUrl: `${api.url}/`,
    }),
  );
}

describeOperation("telegram.sendMessage contract", {
  connector: telegram,
  operation: sendMessage,
  props,
  credentials: { botToken: TOKEN },
  route: sendRoute,
  ok: {
    body: {
      ok: true,
      result: {
        message_id: 42,
        chat: { id: -100123, title: "Ops", type: "supergroup" },
        date: 1700000000,
        text: "Deployed",
      },
    },
  },
  expected: { messageId: 42, chatId: -100123 },
  unauthorized: { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } },
  unauthorizedError: "Telegram rejected the bot token (Unauthorized); check the connection",
  malformed: [
    { body: { result: { message_id: 42 } } },
    { body: { ok: true, result: { chat: { id: -100123 } } } },
    { body: { ok: true } },
  ],
});

describe("telegram.sendMessage", () => {
  const flood = (retryAfter?: number): FakeResponse => ({
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfter ?? "?"}`,
      ...(retryAfter === undefined ? {} : { parameters: { retry_after: retryAfter } }),
    },
  });
  const sent: FakeResponse = { body: { ok: true, result: { message_id: 42, chat: { id: -100123 } } } };

  it("waits out the retry_after Telegram gives only in the body, then sends", async () => {
    const started = Date.now();
    expect(await send((_r, n) => (n === 1 ? flood(1) : sent))).toEqual({ messageId: 42, chatId: -100123 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(api!.requests).toHaveLength(2);
  });

  it("hands a flood wait longer than 30 s straight to the engine, with its retry_after", async () => {
    const err = (await send(flood(31)).catch((e: unknown) => e)) as {
      retryAfterMs?: number;
      message: string;
      status?: number;
      retryable?: boolean;
    };
    expect(err).toMatchObject({
      status: 429,
      retryAfterMs: 31_000,
      retryable: true,
      message: "Telegram sendMessage failed: Too Many Requests: retry after 31",
    });
    expect(api!.requests).toHaveLength(1);
  });

  it("hands a 429 without any hint to the engine's backoff at once", async () => {
    const err = (await send(flood()).catch((e: unknown) => e)) as { retryAfterMs?: number; status?: number };
    expect(err).toMatchObject({ status: 429, retryAfterMs: undefined });
    expect(api!.requests).toHaveLength(1);
  });

  it("when short flood waits persist, stops after two waits and hands retry_after to the engine", async () => {
    const err = (await send(flood(0)).catch((e: unknown) => e)) as { retryAfterMs?: number; status?: number };
    expect(err).toMatchObject({ status: 429, retryAfterMs: 0 });
    expect(api!.requests).toHaveLength(3);
  });

  it("a refused chat is a clear, non-retryable error in Telegram's words", async () => {
    await expect(
      send({ status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } }),
    ).rejects.toMatchObject({
      name: "NonRetryableError",
      message: "Telegram sendMessage failed: Bad Request: chat not found",
    });
  });

  it("refuses a malformed token up front", () => {
    expect(() =>
      createMockContext(sendMessage, {
        connector: telegram,
        props: { chatId: 1, text: "x" },
        credentials: { botToken: "nope" },
        baseUrl: "http://127.0.0.1:9/",
      }),
    ).toThrow(/bot token looks like/);
  });

  it("never puts the bot token (which travels in the URL path) into an error message", async () => {
    const err = (await send({ status: 502, raw: "Bad Gateway", headers: { "content-type": "text/plain" } }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toContain("HTTP 502");
    expect(err.message).toContain("/bot***/sendMessage");
    expect(err.message).not.toContain(TOKEN);
  });
});
