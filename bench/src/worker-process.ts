// The worker as `npm run dev` and production run it: its own process (workflows/src/main.ts).
import path from "node:path";
import { spawnManaged } from "@switchyard/devstack";
import { env as devEnv, repoRoot } from "@switchyard/devstack/env";

export interface WorkerProcess {
  pid: number;
  stop(): Promise<void>;
}

const READY = "worker started";
const START_TIMEOUT_MS = 120_000;

export async function startWorkerProcess(env: Record<string, string>, nodeArgs: string[] = []): Promise<WorkerProcess> {
  const proc = spawnManaged(process.execPath, [...nodeArgs, "--import", "tsx", "src/main.ts"], {
    cwd: path.join(repoRoot, "workflows"),
    // Several workers run side by side: none takes the fixed health port.
    env: { PATH: devEnv.PATH, SWITCHYARD_WORKER_HEALTH_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail("did not start within 120 s"), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      void proc.stop();
      reject(new Error(`the worker ${why}\n--- worker output ---\n${output}`));
    };
    let ready = false;
    const read = (d: Buffer) => {
      // Once up, its output is only drained: kept, it would grow and be searched for the whole run.
      if (ready) return;
      output += d;
      if (output.includes(READY)) {
        ready = true;
        output = "";
        clearTimeout(timer);
        resolve();
      }
    };
    proc.child.stdout?.on("data", read);
    proc.child.stderr?.on("data", read);
    proc.child.on("exit", (code) => {
      if (!ready) fail(`exited with ${code}`);
    });
  });
  return { pid: proc.child.pid!, stop: () => proc.stop(15_000) };
}
