import pg from "pg";

/** The same server, another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs `fn` on a connection to the server's maintenance database. */
export async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres"), connectionTimeoutMillis: 3_000 });
  // A server stopping between statements fails the next one; unheard, its error would end the process.
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function isReachable(url: string): Promise<boolean> {
  try {
    await onServer(url, (c) => c.query("select 1"));
    return true;
  } catch {
    return false;
  }
}

/** Creates the URL's database unless it exists. Returns whether it created it. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  return onServer(url, async (c) => {
    const { rowCount } = await c.query("select 1 from pg_database where datname = $1", [name]);
    if (rowCount) return false;
    await c.query(`create database ${ident(name)}`);
    return true;
  });
}

export async function createDatabase(url: string, name: string, template?: string): Promise<string> {
  await onServer(url, (c) =>
    c.query(`create database ${ident(name)}${template ? ` template ${ident(template)}` : ""}`),
  );
  return withDatabase(url, name);
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await onServer(url, (c) => c.query(`drop database if exists ${ident(name)} with (force)`));
}
