import { z } from "zod";
import type { HttpClientConfig } from "./http/client";

/** An env var holding a JSON object whose values match `value`, with a precise error. */
export const jsonRecord = <T extends z.ZodType>(name: string, value: T, example: string) =>
  z
    .string()
    .default("{}")
    .transform((s, ctx) => {
      let raw: unknown;
      try {
        raw = JSON.parse(s);
      } catch {
        raw = undefined;
      }
      const parsed = z.record(z.string(), value).safeParse(raw);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: `${name} must be JSON like ${example}` });
      return z.NEVER;
    });

/** How connectors reach APIs; shared by the web (connection tests) and the worker (steps). */
export const connectorRuntimeEnv = {
  /** `off` lets connectors reach internal addresses (only for trusted, single-tenant setups). */
  SWITCHYARD_SSRF_GUARD: z.enum(["on", "off"]).default("on"),
  /** Comma-separated host names connectors may reach even though they are internal. */
  SWITCHYARD_ALLOWED_INTERNAL_HOSTS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((h) => h.trim()).filter(Boolean)),
  /** Connector slug → API base URL, for self-hosted APIs. */
  SWITCHYARD_API_BASE_URLS: jsonRecord("SWITCHYARD_API_BASE_URLS", z.url(), '{"slack":"https://slack.example/api/"}'),
};

export function httpConfigFrom(env: { SWITCHYARD_SSRF_GUARD: "on" | "off"; SWITCHYARD_ALLOWED_INTERNAL_HOSTS: string[] }): Partial<HttpClientConfig> {
  return { ssrf: { enabled: env.SWITCHYARD_SSRF_GUARD === "on", allowHosts: env.SWITCHYARD_ALLOWED_INTERNAL_HOSTS } };
}
