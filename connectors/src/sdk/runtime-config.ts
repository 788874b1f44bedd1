import { z } from "zod";
import type { HttpClientConfig } from "./http/client";
import { parseHostEntry, parseNetwork } from "./http/ssrf";

const commaList = (s: string) =>
  s
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);

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
  /**
   * Comma-separated entries (`host` or `host:port`) connectors of every workspace may reach whatever they resolve to.
   */
  SWITCHYARD_ALLOWED_INTERNAL_HOSTS: z
    .string()
    .default("")
    .transform((s, ctx) => {
      const entries = commaList(s);
      for (const e of entries)
        if (!parseHostEntry(e)) ctx.addIssue({ code: "custom", message: `"${e}" is not a host or host:port` });
      return entries;
    }),
  /**
   * Comma-separated networks (`10.0.0.0/8`, `127.0.0.1/32:3000`) workspace
   * admins may open to their own steps with their allowlists. Empty (the
   * default) opens none: a tenant's allowlist then reaches nothing internal.
   */
  SWITCHYARD_TENANT_ALLOWED_NETWORKS: z
    .string()
    .default("")
    .transform((s, ctx) => {
      const networks = commaList(s);
      for (const n of networks) {
        try {
          parseNetwork(n);
        } catch (err) {
          ctx.addIssue({ code: "custom", message: (err as Error).message });
        }
      }
      return networks;
    }),
  /** Connector slug → API base URL, for self-hosted APIs. */
  SWITCHYARD_API_BASE_URLS: jsonRecord("SWITCHYARD_API_BASE_URLS", z.url(), '{"slack":"https://slack.example/api/"}'),
};

export function httpConfigFrom(env: {
  SWITCHYARD_SSRF_GUARD: "on" | "off";
  SWITCHYARD_ALLOWED_INTERNAL_HOSTS: string[];
  SWITCHYARD_TENANT_ALLOWED_NETWORKS: string[];
}): Partial<HttpClientConfig> {
  return {
    ssrf: {
      enabled: env.SWITCHYARD_SSRF_GUARD === "on",
      allowHosts: env.SWITCHYARD_ALLOWED_INTERNAL_HOSTS,
      tenantNetworks: env.SWITCHYARD_TENANT_ALLOWED_NETWORKS,
    },
  };
}
