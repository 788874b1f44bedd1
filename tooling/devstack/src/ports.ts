import { createServer } from "node:net";

/**
 * Ports for the servers we start come from below Linux's ephemeral range (32768–60999): a port the
 * kernel hands out for `listen(0)` is also one it hands out for outgoing connections, so a server
 * started a few seconds after its port was picked can find a client's socket on it (CI once saw
 * the Temporal dev server fail to bind that way).
 */
const OWN_PORTS = { from: 20_000, to: 32_000 } as const;

/** `preferred` if nothing listens on it now, else a free port from OWN_PORTS. */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred && (await canListen(preferred))) return preferred;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = OWN_PORTS.from + Math.floor(Math.random() * (OWN_PORTS.to - OWN_PORTS.from));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${OWN_PORTS.from} and ${OWN_PORTS.to}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
