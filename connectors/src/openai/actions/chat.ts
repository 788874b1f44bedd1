import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { NonRetryableError } from "../../sdk/errors";
import { openaiCall } from "../client";

export const chatCompletion = defineAction({
  name: "chatCompletion",
  effect: "compute",
  title: "Chat completion",
  description: "Ask a chat model; returns its reply, finish reason and token usage.",
  props: z.object({
    model: z.string().min(1),
    messages: z.array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() })).min(1),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    json: z.boolean().default(false),
  }),
  output: z.object({
    content: z.string(),
    finishReason: z.string(),
    model: z.string(),
    usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }),
  }),
  sampleOutput: {
    content: "Hello!",
    finishReason: "stop",
    model: "gpt-4o-mini",
    usage: { promptTokens: 9, completionTokens: 3 },
  },
  // The last message is the one the model answers; earlier ones are context.
  describe: ({ model, messages }) => `Ask ${model}: ${quoted(messages.at(-1)!.content)}`,
  async run({ http, props }) {
    const res = await openaiCall<{
      model?: string;
      choices?: { message?: { content?: string | null }; finish_reason?: string }[];
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    } | null>(http, {
      method: "POST",
      url: "chat/completions",
      body: {
        model: props.model,
        messages: props.messages,
        temperature: props.temperature,
        max_tokens: props.maxTokens,
        ...(props.json ? { response_format: { type: "json_object" } } : {}),
      },
      timeoutMs: 120_000,
    });
    const choice = res?.choices?.[0];
    if (typeof choice?.message?.content !== "string")
      throw new NonRetryableError("the chat completion answer is malformed (no choices[0].message.content)");
    return {
      content: choice.message.content,
      finishReason: choice.finish_reason ?? "unknown",
      model: res?.model ?? props.model,
      usage: { promptTokens: res?.usage?.prompt_tokens ?? 0, completionTokens: res?.usage?.completion_tokens ?? 0 },
    };
  },
});
