// Runs the sink in its own process, so the API the bench calls does not compete
// with the worker for one event loop (a real remote API would not).
import { fileURLToPath } from "node:url";
import { spawnManaged, type SinkBehaviour } from "@switchyard/devstack";

export interface RemoteSink {
  url: string;
  close(): Promise<void>;
}

export async function startSinkProcess(behaviours: Record<string, SinkBehaviour>): Promise<RemoteSink> {
  const proc = spawnManaged(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./sink-main.ts", import.meta.url)), JSON.stringify(behaviours)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    proc.child.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()));
    void proc.exited.then((code) => reject(new Error(`sink process exited (${code})`)));
  });
  return { url, close: () => proc.stop() };
}
