import { z } from "zod";
import { secretField } from "../sdk/auth";
import { defineConnector } from "../sdk/define";
import { chatCompletion } from "./actions/chat";
import { icon } from "./icon";

const DEFAULT_BASE = "https://api.openai.com/v1/";

export const openai = defineConnector({
  slug: "openai",
  name: "OpenAI-compatible",
  description: "Chat completions from OpenAI or any compatible API (Azure, local servers), chosen per connection.",
  icon,
  categories: ["ai"],
  auth: {
    kind: "custom",
    props: z.object({
      apiKey: z
        .string()
        .min(1)
        .meta({ title: "API key", ...secretField }),
      baseUrl: z
        .url({ protocol: /^https?$/ })
        .optional()
        .meta({ title: "Base URL", description: "Leave empty for OpenAI itself." }),
    }),
    // A connection's own base URL (still subject to the SSRF guard) replaces the default.
    apply(props, headers, url) {
      headers.set("authorization", `Bearer ${String(props.apiKey)}`);
      if (!props.baseUrl) return;
      const base = String(props.baseUrl).replace(/\/?$/, "/");
      const rel = url.pathname.replace(/^\/v1\//, "").replace(/^\//, "");
      url.href = new URL(rel + url.search, base).href;
    },
  },
  baseUrl: DEFAULT_BASE,
  actions: [chatCompletion],
});
