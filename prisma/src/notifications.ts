// One LISTEN connection for a channel, shared by a process's subscribers. A lost connection is
// reconnected while anyone listens; subscribers hear `onGap` when it is lost and again once LISTEN
// is back, since a notification sent in between is gone and they must look at the table again.
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

export interface ChannelListener {
  /** Resolves once LISTEN is in place, so a change committed after it is heard. */
  subscribe(handlers: { onNotify(payload: string): void; onGap(): void }): Promise<() => void>;
  close(): Promise<void>;
}

/** Between attempts while the database is away. */
const RECONNECT_MS = 1_000;

export function listenTo(databaseUrl: string, channel: string): ChannelListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  type Handlers = Parameters<ChannelListener["subscribe"]>[0];
  const subscribers = new Set<Handlers>();
  let connecting: Promise<pg.Client> | undefined;
  /** The connection `connecting` stands for; a stale one's late "end" must not reset its successor. */
  let current: pg.Client | undefined;
  let closed = false;
  /** A connection was lost: once LISTEN is back, subscribers look again for what they missed. */
  let missed = false;

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      // As the pool's connections (pg-adapter.ts): a silent server becomes an error, not a wait.
      const client = new pg.Client({
        connectionTimeoutMillis: 10_000,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
        ...parseIntoClientConfig(databaseUrl),
      });
      current = client;
      client.on("notification", (n) => {
        if (n.channel === channel) for (const s of subscribers) s.onNotify(n.payload ?? "");
      });
      client.on("error", () => lost(client));
      client.on("end", () => lost(client));
      try {
        await client.connect();
        await client.query(`LISTEN ${channel}`);
        if (missed) {
          missed = false;
          for (const s of subscribers) s.onGap();
        }
        return client;
      } catch (err) {
        lost(client);
        throw err;
      }
    })();
    return connecting;
  };

  function lost(client: pg.Client): void {
    client.removeAllListeners("notification");
    client.end().catch(() => {});
    if (client !== current) return;
    current = undefined;
    connecting = undefined;
    missed = true;
    for (const s of subscribers) s.onGap();
    if (!closed && subscribers.size)
      setTimeout(() => void (subscribers.size && !closed && connect().catch(() => {})), RECONNECT_MS).unref();
  }

  return {
    async subscribe(handlers) {
      subscribers.add(handlers);
      try {
        await connect();
      } catch (err) {
        subscribers.delete(handlers);
        throw err;
      }
      return () => subscribers.delete(handlers);
    },
    async close() {
      closed = true;
      subscribers.clear();
      const client = await connecting?.catch(() => undefined);
      connecting = undefined;
      current = undefined;
      await client?.end().catch(() => {});
    },
  };
}
