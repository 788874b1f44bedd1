import { afterEach, describe, expect, it } from "vitest";
import { createMockContext, startFakeApi, type FakeApi, type FakeRoute } from "../sdk/testing";
import { chatCompletion } from "./actions/chat";
import { openai } from "./index";

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const props = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hi" }], temperature: 0, json: true };

async function run(respond: FakeRoute["respond"], path = "/v1/chat/completions", connectionBase?: string) {
  api = await startFakeApi([
    {
      method: "POST",
      path,
      check: (r) => {
        if (r.headers.authorization !== "Bearer sk-test") return "missing API key";
        const b = r.json as { model?: string; response_format?: { type?: string }; temperature?: number };
        return b.model === "gpt-4o-mini" && b.response_format?.type === "json_object" && b.temperature === 0 ? undefined : `body was ${r.body}`;
      },
      respond,
    },
  ]);
  const credentials = { apiKey: "sk-test", ...(connectionBase ? { baseUrl: `${api.url}${connectionBase}` } : {}) };
  return chatCompletion.run!(createMockContext(chatCompletion, { connector: openai, props, credentials, baseUrl: `${api.url}/v1/` }));
}

const ok = { body: { id: "c1", model: "gpt-4o-mini-2024", choices: [{ index: 0, message: { role: "assistant", content: '{"hi":true}' }, finish_reason: "stop" }], usage: { prompt_tokens: 9, completion_tokens: 4 } } };

describe("openai.chatCompletion", () => {
  it("sends the real request shape and maps the answer", async () => {
    expect(await run(ok)).toEqual({ content: '{"hi":true}', finishReason: "stop", model: "gpt-4o-mini-2024", usage: { promptTokens: 9, completionTokens: 4 } });
  });

  it("uses the connection's own base URL when it has one (compatible servers)", async () => {
    expect((await run(ok, "/compat/openai/chat/completions", "/compat/openai")).content).toBe('{"hi":true}');
  });

  it("a rejected key is a clear, non-retryable error", async () => {
    await expect(run({ status: 401, body: { error: { message: "Incorrect API key", code: "invalid_api_key" } } })).rejects.toThrow("the API key was rejected (HTTP 401); update the connection");
  });

  it("waits out a 429's Retry-After", async () => {
    expect((await run((_r, n) => (n === 1 ? { status: 429, headers: { "retry-after": "1" }, body: { error: { message: "Rate limit" } } } : ok))).content).toBe('{"hi":true}');
    expect(api!.requests).toHaveLength(2);
  });

  it("rejects a malformed response", async () => {
    await expect(run({ body: { choices: [] } })).rejects.toThrow("no choices[0].message.content");
  });
});
