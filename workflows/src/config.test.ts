import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "@switchyard/connectors";
import { afterAll, describe, expect, it } from "vitest";
import { temporalConnectionOptions, temporalEnv } from "./config";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const options = (source: Record<string, string>) => temporalConnectionOptions(parseEnv(temporalEnv, source));
let dir: string | undefined;

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("Temporal connection settings", () => {
  it("is plain gRPC to the dev server by default", () => {
    expect(options({})).toEqual({ address: "127.0.0.1:7233" });
  });

  it("takes a client certificate as PEM text or as a file, with a CA and a server name", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "switchyard-tls-"));
    await writeFile(path.join(dir, "client.key"), "key from file");
    const got = options({
      TEMPORAL_ADDRESS: "ns.acct.tmprl.cloud:7233",
      TEMPORAL_TLS_CERT: PEM,
      TEMPORAL_TLS_KEY: path.join(dir, "client.key"),
      TEMPORAL_TLS_CA: PEM,
      TEMPORAL_TLS_SERVER_NAME: "temporal.internal",
    });
    expect(got.tls?.clientCertPair?.crt.toString()).toBe(PEM);
    expect(got.tls?.clientCertPair?.key.toString()).toBe("key from file");
    expect(got.tls?.serverRootCACertificate?.toString()).toBe(PEM);
    expect(got.tls?.serverNameOverride).toBe("temporal.internal");
  });

  it("turns TLS on for an API key", () => {
    expect(options({ TEMPORAL_API_KEY: "k" })).toEqual({ address: "127.0.0.1:7233", tls: {}, apiKey: "k" });
  });

  it("names the variable that is wrong", () => {
    expect(() => options({ TEMPORAL_TLS_CERT: "/no/such/file.pem" })).toThrow(
      /TEMPORAL_TLS_CERT: neither PEM text nor a readable file \(ENOENT\)/,
    );
    expect(() => options({ TEMPORAL_TLS_CERT: PEM })).toThrow(/TEMPORAL_TLS_KEY: required with TEMPORAL_TLS_CERT/);
    expect(() => options({ TEMPORAL_TLS: "false", TEMPORAL_API_KEY: "k" })).toThrow(/TEMPORAL_TLS: is false/);
    // It is listed in SWITCHYARD_WORKER_TASK_QUEUES, so it must parse there as one name.
    expect(() => options({ TEMPORAL_TASK_QUEUE: "switchyard,github" })).toThrow(
      /TEMPORAL_TASK_QUEUE: not a queue name: letters, digits/,
    );
  });
});
