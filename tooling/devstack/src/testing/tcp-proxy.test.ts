import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

function echoServer(): Promise<net.Server> {
  const server = net.createServer((s) => s.pipe(s));
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function roundTrip(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => s.write("ping"));
    s.on("data", (d) => {
      resolve(String(d));
      s.destroy();
    });
    s.on("error", reject);
    s.on("close", () => reject(new Error("closed")));
  });
}

describe("startTcpProxy", () => {
  let echo: net.Server;
  let proxy: TcpProxy;
  beforeAll(async () => {
    echo = await echoServer();
    proxy = await startTcpProxy({ host: "127.0.0.1", port: (echo.address() as net.AddressInfo).port });
  });
  afterAll(async () => {
    await proxy.close();
    echo.close();
  });

  it("forwards, refuses while cut, and forwards again once restored", async () => {
    expect(await roundTrip(proxy.port)).toBe("ping");
    proxy.cut();
    await expect(roundTrip(proxy.port)).rejects.toThrow();
    proxy.restore();
    expect(await roundTrip(proxy.port)).toBe("ping");
  });

  it("rewrites a URL to go through it", () => {
    expect(proxy.urlThrough("postgresql://postgres@db.example:5432/x?sslmode=disable")).toBe(
      `postgresql://postgres@127.0.0.1:${proxy.port}/x?sslmode=disable`,
    );
  });
});
