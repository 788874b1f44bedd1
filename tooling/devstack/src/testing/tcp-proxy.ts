import net from "node:net";

/**
 * A loopback TCP proxy that a test can cut and restore, to play an outage of
 * whatever sits behind it (PostgreSQL, usually) without touching the real server.
 * While cut, open connections are destroyed and new ones are refused at once.
 */
export interface TcpProxy {
  port: number;
  /** Points a URL at the proxy instead of the target: same credentials and path. */
  urlThrough(url: string): string;
  cut(): void;
  restore(): void;
  /** When connections were refused since the last cut (ms since the epoch): how a test sees a client keep trying. */
  refusedAt(): readonly number[];
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let up = true;
  let refused: number[] = [];
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!up) {
      refused.push(Date.now());
      return client.destroy();
    }
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    urlThrough(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    cut() {
      up = false;
      refused = [];
      for (const socket of open) socket.destroy();
    },
    restore() {
      up = true;
    },
    refusedAt: () => refused,
    close() {
      up = false;
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A proxy in front of the server a database URL names (port 5432 when it names none). */
export function startProxyFor(databaseUrl: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(databaseUrl);
  return startTcpProxy({ host: hostname, port: Number(port || 5432) });
}
