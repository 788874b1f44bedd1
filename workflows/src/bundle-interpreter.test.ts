import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { bundleInterpreterApart } from "./bundle-interpreter";
import { INTERPRETER_WORKFLOW } from "./interpreter/contract";

describe("bundleInterpreterApart", () => {
  it("writes the interpreter's bundle from a child process, and removes it when told", async () => {
    const { bundle, remove } = await bundleInterpreterApart();
    const codePath = (bundle as { codePath: string }).codePath;
    expect(await readFile(codePath, "utf8")).toContain(INTERPRETER_WORKFLOW);
    await remove();
    expect(existsSync(codePath)).toBe(false);
  }, 120_000);
});
