import { isReachable } from "./postgres";

export type DatabaseChoice = { source: "DATABASE_URL" | "local"; url: string } | { source: "embedded" };

export const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");

/**
 * Which PostgreSQL `npm run dev` uses. An explicit DATABASE_URL must answer: starting
 * an embedded server instead would hide a typo or an outage behind an empty database.
 */
export async function chooseDatabase(
  configured: string | undefined,
  localUrl: string,
  reachable: (url: string) => Promise<boolean> = isReachable,
): Promise<DatabaseChoice> {
  if (!configured) return (await reachable(localUrl)) ? { source: "local", url: localUrl } : { source: "embedded" };
  if (await reachable(configured)) return { source: "DATABASE_URL", url: configured };
  throw new Error(
    `PostgreSQL is not reachable at ${redact(configured)} (DATABASE_URL).\n` +
      "  Start that server, or unset DATABASE_URL: then the local server is used\n" +
      "  (Debian/Ubuntu: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start),\n" +
      "  or an embedded one when none answers. See README › Environment.",
  );
}
