import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { NonRetryableError } from "../../sdk/errors";

const MAX_ROWS = 10_000;
/** SQLSTATE classes a retry cannot fix: bad credentials (28), syntax/permissions (42), data (22), constraints (23). */
const PERMANENT = /^(28|42|22|23)/;

/**
 * Parameters that make pg-connection-string (or libpq, for whoever copies the
 * string there) read a file on the worker: it would send the worker's key or
 * certificate to the tenant's server, and its errors tell which paths exist.
 */
const FILE_PARAMETERS = new Set([
  "sslcert",
  "sslkey",
  "sslrootcert",
  "sslcrl",
  "sslcrldir",
  "sslkeylogfile",
  "passfile",
  "service",
  "servicefile",
]);

/**
 * The query parameter names pg-connection-string will act on, decoded exactly
 * as its parse() decodes them: it opens the files while parsing, so they must
 * be refused before it runs.
 */
function parameterNames(connectionString: string): string[] {
  let s = connectionString;
  if (/ |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(s)) s = encodeURI(s).replace(/%25(\d\d)/g, "%$1");
  try {
    let url: URL;
    try {
      url = new URL(s, "postgres://base");
    } catch {
      url = new URL(s.replace("@/", "@___DUMMY___/"), "postgres://base");
    }
    return [...url.searchParams.keys()];
  } catch {
    // The URL error carries the input, password included.
    throw new NonRetryableError("the connection string is not a valid postgresql:// URL");
  }
}

/** The pg client settings for a tenant's connection string; nothing in it may make the worker read its own files. */
export function connectionConfig(connectionString: string): pg.ClientConfig & { host: string; port: number } {
  const refused = parameterNames(connectionString).filter((name) => FILE_PARAMETERS.has(name.toLowerCase()));
  if (refused.length) {
    throw new NonRetryableError(
      `the connection string names files on the server (${[...new Set(refused)].join(", ")}); ` +
        "file parameters are not allowed",
    );
  }
  const config = parseIntoClientConfig(connectionString);
  const host = config.host ?? "localhost";
  if (host.startsWith("/")) throw new NonRetryableError("Unix-socket connections are not allowed; use a host name");
  // Always a password of the tenant's own (perhaps empty): pg would
  // otherwise send the worker's PGPASSWORD or ~/.pgpass entry.
  const password = String(config.password ?? "");
  return { ...config, host, port: config.port ?? 5432, password: () => password };
}

export const query = defineAction({
  name: "query",
  effect: "write",
  title: "Run a query",
  description: "Run one parameterized SQL statement ($1, $2, …) on your database; returns at most 10,000 rows.",
  props: z.object({
    sql: z.string().min(1),
    params: z.array(z.unknown()).default([]),
    timeoutMs: z.number().int().positive().max(300_000).default(30_000),
  }),
  output: z.object({
    rows: z.array(z.record(z.string(), z.unknown())),
    rowCount: z.number().nullable(),
    fields: z.array(z.string()),
    truncated: z.boolean(),
  }),
  sampleOutput: { rows: [{ id: 1, email: "ann@example.com" }], rowCount: 1, fields: ["id", "email"], truncated: false },
  describe: ({ sql }) => `Run SQL: ${quoted(sql)}`,
  async run({ props, connection, http }) {
    if (!connection) throw new NonRetryableError("postgres.query needs a database connection");
    const config = connectionConfig(String(connection.credentials.connectionString));
    const { host, port } = config;
    // Connect to the address the SSRF policy checked; TLS still verifies the host name.
    const address = await http.resolveHost(host, port);
    const ssl = config.ssl ? { ...(typeof config.ssl === "object" ? config.ssl : {}), servername: host } : false;
    const client = new pg.Client({
      ...config,
      host: address,
      ssl,
      connectionTimeoutMillis: 10_000,
      statement_timeout: props.timeoutMs,
      query_timeout: props.timeoutMs + 1_000,
    });
    // The tenant's server may end the session at any moment (a restart, idle_session_timeout, or
    // on purpose): a lost connection fails the statement in flight, and with no listener, one
    // arriving between statements would be an uncaught error that takes down the whole worker.
    client.on("error", () => {});
    try {
      await client.connect();
      const res = await client.query({ text: props.sql, values: props.params });
      return {
        rows: res.rows.slice(0, MAX_ROWS),
        rowCount: res.rowCount,
        fields: (res.fields ?? []).map((f) => f.name),
        truncated: res.rows.length > MAX_ROWS,
      };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code && PERMANENT.test(code))
        throw new NonRetryableError(`PostgreSQL error ${code}: ${(err as Error).message}`);
      throw err;
    } finally {
      await client.end().catch(() => undefined);
    }
  },
});
