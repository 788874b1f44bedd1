import { readFileSync } from "node:fs";
import { z } from "zod";

/** A PEM value given inline (it starts with its "-----BEGIN" line) or as the path of a file holding it. */
const pem = () =>
  z
    .string()
    .min(1)
    .transform((value, ctx) => {
      if (value.trimStart().startsWith("-----BEGIN")) return Buffer.from(value.replace(/\\n/g, "\n"));
      try {
        return readFileSync(value);
      } catch (err) {
        ctx.issues.push({
          code: "custom",
          input: value,
          message: `neither PEM text nor a readable file (${(err as NodeJS.ErrnoException).code ?? "unreadable"})`,
        });
        return z.NEVER;
      }
    })
    .optional();

/** A queue name safe in the worker's queue lists (no `,` `=` `:` or spaces), and within Temporal's limits. */
export const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
export const QUEUE_NAME_RULE = 'letters, digits, ".", "_" and "-", at most 200';

/** Temporal settings shared by the web and the worker env schemas. */
export const temporalEnv = {
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, "TEMPORAL_ADDRESS must be host:port")
    .default("127.0.0.1:7233"),
  TEMPORAL_NAMESPACE: z.string().min(1).default("default"),
  TEMPORAL_TASK_QUEUE: z.string().regex(QUEUE_NAME, `not a queue name: ${QUEUE_NAME_RULE}`).default("switchyard"),
  /** mTLS client certificate and its key (Temporal Cloud, or a self-hosted server with mTLS): PEM text or a file path. */
  TEMPORAL_TLS_CERT: pem(),
  TEMPORAL_TLS_KEY: pem(),
  /** The server's CA, when the operating system does not trust it (self-hosted): PEM text or a file path. */
  TEMPORAL_TLS_CA: pem(),
  /** The name the server's certificate is checked against, when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** "true": TLS with no client certificate (a server behind a TLS proxy). Any other TLS setting implies it. */
  TEMPORAL_TLS: z.enum(["true", "false"]).optional(),
  /** Temporal Cloud API key (instead of a client certificate); it implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
};

type TemporalEnv = z.infer<z.ZodObject<typeof temporalEnv>>;

/** How to reach Temporal: what both Connection.connect (client) and NativeConnection.connect (worker) take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/** The connection settings the environment asks for; throws, naming the variable, on a half-given certificate pair. */
export function temporalConnectionOptions(env: TemporalEnv): TemporalConnectionOptions {
  const cert = env.TEMPORAL_TLS_CERT;
  const key = env.TEMPORAL_TLS_KEY;
  if (!cert !== !key)
    throw new Error(
      `Invalid environment:\n  ${cert ? "TEMPORAL_TLS_KEY" : "TEMPORAL_TLS_CERT"}: required with ${cert ? "TEMPORAL_TLS_CERT" : "TEMPORAL_TLS_KEY"} (a client certificate and its key go together)`,
    );
  const tlsImplied = !!(cert || env.TEMPORAL_TLS_CA || env.TEMPORAL_TLS_SERVER_NAME || env.TEMPORAL_API_KEY);
  if (env.TEMPORAL_TLS === "false" && tlsImplied)
    throw new Error(
      "Invalid environment:\n  TEMPORAL_TLS: is false, but a TEMPORAL_TLS_* setting or TEMPORAL_API_KEY is set, and each needs TLS",
    );
  const wantsTls = env.TEMPORAL_TLS === "true" || tlsImplied;
  const tls = wantsTls
    ? {
        ...(env.TEMPORAL_TLS_SERVER_NAME && { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME }),
        ...(env.TEMPORAL_TLS_CA && { serverRootCACertificate: env.TEMPORAL_TLS_CA }),
        ...(cert && key && { clientCertPair: { crt: cert, key } }),
      }
    : undefined;
  return {
    address: env.TEMPORAL_ADDRESS,
    ...(tls && { tls }),
    ...(env.TEMPORAL_API_KEY && { apiKey: env.TEMPORAL_API_KEY }),
  };
}
