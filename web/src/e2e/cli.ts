// The real `switchyard` bin, as a user runs it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const bin = path.resolve(import.meta.dirname, "../../../node_modules/.bin/switchyard");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `switchyard <args>` with only the environment given, so nothing leaks in from the test process. */
export function runCli(
  env: { SWITCHYARD_URL: string; DATABASE_URL?: string; SWITCHYARD_TOKEN?: string },
  args: string[],
): Promise<CliResult> {
  return promisify(execFile)(process.execPath, [bin, ...args], { env: { NODE_ENV: "test", ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: CliResult) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}
