// The lint rule that keeps worker code out of web (eslint.config.js) really fires,
// and lets through the two doors web is given.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(source: string, file = "web/src/server/services/example.ts"): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("web's boundary with the engine", () => {
  it.each([
    ['import { createWorker } from "@switchyard/workflows/worker";'],
    ['import { interpretRun } from "@switchyard/workflows/worker/workflows";'],
    ['import { createActivities } from "@switchyard/workflows/activities";'],
    ['import { storeRun } from "../../../../workflows/src/runs";'],
  ])("refuses %s", async (line) => {
    expect(await boundaryErrors(`${line}\nexport const x = 1;\n`)).toHaveLength(1);
  });

  it("allows the definition and the engine's entry point", async () => {
    const source =
      'import { definitionSchema } from "@switchyard/workflows/definition";\nimport { acceptRun } from "@switchyard/workflows/engine";\nexport const x = [definitionSchema, acceptRun];\n';
    expect(await boundaryErrors(source)).toEqual([]);
  });

  it("leaves web's end-to-end tests free to start a worker", async () => {
    expect(
      await boundaryErrors(
        'import { createWorker } from "@switchyard/workflows/worker";\nexport const x = createWorker;\n',
        "web/src/e2e/example.test.ts",
      ),
    ).toEqual([]);
  });
});
