import { readFileSync } from "node:fs";
import { expect, it, vi } from "vitest";
import { spawnManaged } from "./process";

/** Running: it exists and is not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

it("stop() also ends what an exited process left behind in its group", async () => {
  // As next dev does: the leader forks a server, and here the leader exits first.
  const proc = spawnManaged("sh", ["-c", "sleep 300 & echo $!"], { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  proc.child.stdout?.on("data", (d: Buffer) => (out += d));
  await proc.exited;
  const orphan = Number(out.trim());
  expect(running(orphan)).toBe(true);
  await proc.stop(0);
  await vi.waitFor(() => expect(running(orphan)).toBe(false), { timeout: 10_000 });
});
