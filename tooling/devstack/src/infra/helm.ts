import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { inheritedEnv } from "../env";

export interface HelmLintMessage {
  /** 1 info, 2 warning, 3 error (Helm's support.Severity). */
  severity: number;
  path: string;
  error: string;
}

export interface HelmResult {
  lint: { messages: HelmLintMessage[]; errors: string[] };
  /** Template path → rendered manifest text, as `helm template` would print them. */
  manifests: Record<string, string>;
}

// Helm's own lint (strict) and offline render of one chart with the given values, as JSON on stdout.
const SCRIPT = `
import json, sys
from helm_python import chart
path, values = sys.argv[1], json.loads(sys.argv[2])
result = {"lint": chart.lint(path, values, strict=True)}
result["manifests"] = chart.Chart.load(path).render(values, name="switchyard", namespace="switchyard", is_install=True)
print(json.dumps(result))
`;

/** Lints and renders a chart through helm-python-sdk; throws with Helm's message when a template fails. */
export async function lintAndRender(sdkDir: string, chartDir: string, values: object): Promise<HelmResult> {
  try {
    const { stdout } = await promisify(execFile)("python3", ["-c", SCRIPT, chartDir, JSON.stringify(values)], {
      env: { ...inheritedEnv, PYTHONPATH: sdkDir },
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as HelmResult;
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? err).trim();
    throw new Error(`helm render failed: ${stderr.split("\n").slice(-3).join(" ")}`);
  }
}
