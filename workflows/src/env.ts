import { oauthClientsEnv, parseEnv } from "@switchyard/connectors";
import { databaseEnv, encryptionEnv } from "@switchyard/db";
import { z } from "zod";
import { temporalEnv } from "./config";

export const env = parseEnv(
  {
    ...databaseEnv,
    ...temporalEnv,
    ...encryptionEnv,
    ...oauthClientsEnv,
    /** JSON object of connector slug → API base URL, for self-hosted APIs, e.g. {"slack":"https://slack.example/api/"}. */
    SWITCHYARD_API_BASE_URLS: z
      .string()
      .default("{}")
      .transform((s, ctx) => {
        try {
          return z.record(z.string(), z.url()).parse(JSON.parse(s));
        } catch {
          ctx.addIssue({ code: "custom", message: 'SWITCHYARD_API_BASE_URLS must be a JSON object of slug → URL, e.g. {"slack":"https://slack.com/api/"}' });
          return z.NEVER;
        }
      }),
    /** How often the worker's relay looks for runs the web could not start. */
    SWITCHYARD_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
    /** Mail server for alert emails, e.g. smtp://user:pass@mail.example.com:587. Unset: alerts only reach the feed. */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
    SWITCHYARD_MAIL_FROM: z.string().min(3).default("Switchyard <alerts@switchyard.localhost>"),
    /** `off` lets connectors reach internal addresses (only for trusted, single-tenant setups). */
    SWITCHYARD_SSRF_GUARD: z.enum(["on", "off"]).default("on"),
    /** Comma-separated host names connectors may reach even though they are internal. */
    SWITCHYARD_ALLOWED_INTERNAL_HOSTS: z.string().default("").transform((s) => s.split(",").map((h) => h.trim()).filter(Boolean)),
    /** Base URL of the web app, for links in alerts. */
    SWITCHYARD_PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
  },
  process.env,
);
