// What every command shares: the usage text, argument parsing, and printing.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./api";

export const USAGE = `Usage: switchyard <command> [options]

Commands:
  bootstrap [--workspace <slug>] [--email <email>]   create a workspace, its owner and an admin API token (uses DATABASE_URL)
  apply -f <file.json|file.yaml> [--slug <slug>]     create or update a workflow; the slug defaults to the file name
  run <slug> [--input <json> | --input-file <file>] [--test-mode]
                                                     start a run of the latest version; a manual trigger's input schema checks the input
  runs list [--workflow <slug>] [--status <status>] [--limit <n>] [--cursor <c>]
  runs get <run id> [--wait 30s]                     a run and every step, as JSON; --wait answers once it has finished
  rerun <run id> [--from <step id>]                  re-run a finished run, optionally from one step
  tokens create --name <name> --role <role>          a new API token; role viewer, approver, editor or admin (at most your own); its secret is shown once
  tokens list [--limit <n>] [--cursor <c>]           the workspace's API tokens (never their secrets)
  tokens revoke <token id>                           revoke a token; it is refused from then on
  keys rotate [--batch-size <n>]                     re-encrypt every connection under SWITCHYARD_ENCRYPTION_KEY (uses DATABASE_URL)
  approvals list [--status pending|decided] [--workflow <slug>] [--limit <n>] [--cursor <c>]
                                                     checkpoints you may decide (admins: all), newest first
  approvals show <approval id>                       one approval with its preview and fields, as JSON
  approvals approve <approval id> [--comment <text>] [--edit <key>=<value> ...]
  approvals reject <approval id> [--comment <text>]
  approvals submit <approval id> --value <name>=<value> ... [--comment <text>]
                                                     a value is JSON when it parses as JSON (42, true, "42"), else text
Add --json to print the API's answer as JSON.

Environment: SWITCHYARD_URL (default http://127.0.0.1:3000), SWITCHYARD_TOKEN, DATABASE_URL (bootstrap, keys rotate),
SWITCHYARD_ENCRYPTION_KEY and SWITCHYARD_ENCRYPTION_KEYS_OLD (keys rotate).`;

export const print = (line = ""): void => void process.stdout.write(`${line}\n`);
export const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

export function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, json: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${USAGE}`);
  }
}

export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new CliError(`Expected exactly one ${what}.\n\n${USAGE}`);
  return positionals[0]!;
}

/** A page of a list as aligned columns, then how to ask for the next page. */
/**
 * A cell as the terminal should show it: control characters (escape sequences that could move the
 * cursor, rewrite rows or reach the clipboard) come from data anyone can write, like a run's trigger.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const printable = (cell: string) => cell.replace(/[\u0000-\u001f\u007f-\u009f]/g, "�");

export function printPage<T>(
  page: { items: T[]; nextCursor: string | null },
  { command, empty, header, row }: { command: string; empty: string; header: string[]; row: (item: T) => string[] },
) {
  if (!page.items.length) return print(empty);
  const rows = [header, ...page.items.map((item) => row(item).map(printable))];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    print(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
  if (page.nextCursor) print(`\nMore: switchyard ${command} --cursor ${page.nextCursor}`);
}
