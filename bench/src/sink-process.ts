// Runs the sink in its own process, so the API the bench calls does not compete
// with the worker for one event loop (a real remote API would not).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SinkBehaviour } from "@switchyard/devstack";

export interface RemoteSink {
  url: string;
  close(): Promise<void>;
}

export async function startSinkProcess(behaviours: Record<string, SinkBehaviour>): Promise<RemoteSink> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./sink-main.ts", import.meta.url)), JSON.stringify(behaviours)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`sink process exited (${code})`)));
  });
  return { url, close: () => new Promise((resolve) => (child.once("exit", () => resolve()), child.kill())) };
}
