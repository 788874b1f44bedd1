import { afterEach, describe, expect, it } from "vitest";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeRoute,
} from "../sdk/testing";
import { chatCompletion } from "./actions/chat";
import { openai } from "./index";

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const API_KEY = "sk-test-4f9a2c71d0";
const props = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hi" }], temperature: 0, json: true };
const checkRequest = (r: FakeRequest) => {
  if (r.headers.authorization !== `Bearer ${API_KEY}`) return `authorization was ${r.headers.authorization}`;
  const b = r.json as {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type?: string };
    temperature?: number;
  };
  return b.model === "gpt-4o-mini" &&
    b.messages?.[0]?.content === "Say hi" &&
    b.response_format?.type === "json_object" &&
    b.temperature === 0
    ? undefined
    : `body was ${r.body}`;
};
const completion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  model: "gpt-4o-mini-2024-07-18",
  choices: [{ index: 0, message: { role: "assistant", content: '{"hi":true}' }, finish_reason: "stop" }],
  usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
};

describeOperation("openai.chatCompletion contract", {
  connector: openai,
  operation: chatCompletion,
  props,
  credentials: { apiKey: API_KEY },
  basePath: "/v1/",
  route: { method: "POST", path: "/v1/chat/completions", check: checkRequest },
  ok: { body: completion },
  expected: {
    content: '{"hi":true}',
    finishReason: "stop",
    model: "gpt-4o-mini-2024-07-18",
    usage: { promptTokens: 9, completionTokens: 4 },
  },
  // OpenAI quotes the key it refused; the message must not carry it.
  unauthorized: {
    status: 401,
    body: {
      error: {
        message:
          `Incorrect API key provided: ${API_KEY}. ` +
          "You can find your API key at https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        code: "invalid_api_key",
      },
    },
  },
  unauthorizedError:
    /^the API rejected the connection's key \(Incorrect API key provided: \*\*\*\. .*update the connection/,
  malformed: [
    { body: { choices: [] } },
    { body: { ...completion, usage: { prompt_tokens: "9", completion_tokens: 4 } } },
  ],
});

async function run(respond: FakeRoute["respond"], path = "/v1/chat/completions", connectionBase?: string) {
  api = await startFakeApi([{ method: "POST", path, check: checkRequest, respond }]);
  const credentials = { apiKey: API_KEY, ...(connectionBase ? { baseUrl: `${api.url}${connectionBase}` } : {}) };
  return chatCompletion.run!(
    createMockContext(chatCompletion, { connector: openai, props, credentials, baseUrl: `${api.url}/v1/` }),
  );
}

describe("openai.chatCompletion", () => {
  it("uses the connection's own base URL when it has one (compatible servers)", async () => {
    expect((await run({ body: completion }, "/compat/openai/chat/completions", "/compat/openai")).content).toBe(
      '{"hi":true}',
    );
  });

  it("an exhausted quota is not retried: it lasts until billing changes", async () => {
    const quota = {
      status: 429,
      body: {
        error: {
          message: "You exceeded your current quota, please check your plan and billing details.",
          type: "insufficient_quota",
          code: "insufficient_quota",
        },
      },
    };
    await expect(run(quota)).rejects.toMatchObject({
      name: "NonRetryableError",
      message: expect.stringMatching(/^the API account has no quota left \(You exceeded your current quota/),
    });
  });

  it("an unknown model names what to check", async () => {
    const missing = {
      status: 404,
      body: {
        error: {
          message: "The model `gpt-4o-mini` does not exist or you do not have access to it.",
          type: "invalid_request_error",
          code: "model_not_found",
        },
      },
    };
    await expect(run(missing)).rejects.toThrow(
      /^the API found no such model or endpoint \(The model `gpt-4o-mini` does not exist.*check the model name/,
    );
  });
});
