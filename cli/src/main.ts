// `npx switchyard <command>`: drives the REST API with SWITCHYARD_URL and SWITCHYARD_TOKEN.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { api, CliError } from "./api";
import { approvalsCommand } from "./approvals";
import { env } from "./env";
import { onePositional, parse, print, printJson, printPage, USAGE } from "./terminal";

async function bootstrapCommand(args: string[]) {
  const { values, positionals } = parse(args, {
    workspace: { type: "string", default: "default" },
    email: { type: "string", default: "admin@localhost" },
  });
  if (positionals.length) throw new CliError(`bootstrap takes no arguments.\n\n${USAGE}`);
  // Only this command touches the database (and loads Prisma).
  const { bootstrap } = await import("./bootstrap");
  const result = await bootstrap({ workspace: values.workspace, email: values.email });
  if (values.json) return printJson(result);
  print(`Created workspace "${result.workspace.slug}" with owner ${result.user.email}.`);
  print(`Admin API token (shown only now; only its hash is stored):`);
  print(`  ${result.token}`);
  print();
  print(`  export SWITCHYARD_TOKEN=${result.token}`);
}

const YAML_EXT = /\.ya?ml$/i;

async function applyCommand(args: string[]) {
  const { values, positionals } = parse(args, { file: { type: "string", short: "f" }, slug: { type: "string" } });
  if (!values.file || positionals.length) throw new CliError(`apply needs -f <file>.\n\n${USAGE}`);
  let body: string;
  try {
    body = await readFile(values.file, "utf8");
  } catch (err) {
    throw new CliError(`Cannot read ${values.file}: ${(err as Error).message}`);
  }
  const slug =
    values.slug ??
    path
      .basename(values.file)
      .replace(/\.(json|ya?ml)$/i, "")
      .toLowerCase();
  const { status, data } = await api<{ id: string; version: number; hookUrl?: string }>(
    `/api/v1/workflows/${encodeURIComponent(slug)}`,
    {
      method: "PUT",
      body,
      contentType: YAML_EXT.test(values.file) ? "application/yaml" : "application/json",
    },
  );
  if (values.json) return printJson(data);
  if (status === 201) {
    print(`Created workflow "${slug}" (version ${data.version}).`);
    if (data.hookUrl) print(`Webhook URL (shown only now): ${new URL(data.hookUrl, env.SWITCHYARD_URL).href}`);
  } else {
    print(`Applied workflow "${slug}": version ${data.version}.`);
  }
}

interface RunSummary {
  id: string;
  workflow: string;
  version: number;
  status: string;
  source: string;
  createdAt: string;
}

async function runsCommand(args: string[]) {
  const [sub, ...rest] = args;
  if (sub === "get") {
    const { values, positionals } = parse(rest, { wait: { type: "string" } });
    const id = onePositional(positionals, "run id");
    // The server holds the answer until the run finishes (or the wait is up): no polling here.
    return printJson((await api(`/api/v1/runs/${encodeURIComponent(id)}`, { query: { wait: values.wait } })).data);
  }
  if (sub !== "list") throw new CliError(`Unknown command "runs ${sub ?? ""}".\n\n${USAGE}`);
  const { values, positionals } = parse(rest, {
    workflow: { type: "string" },
    status: { type: "string" },
    limit: { type: "string" },
    cursor: { type: "string" },
  });
  if (positionals.length) throw new CliError(`runs list takes no arguments.\n\n${USAGE}`);
  const { data } = await api<{ items: RunSummary[]; nextCursor: string | null }>("/api/v1/runs", {
    query: { workflow: values.workflow, status: values.status, limit: values.limit, cursor: values.cursor },
  });
  if (values.json) return printJson(data);
  printPage(data, {
    command: "runs list",
    empty: "No runs.",
    header: ["RUN", "WORKFLOW", "VERSION", "STATUS", "SOURCE", "CREATED"],
    row: (r) => [r.id, r.workflow, String(r.version), r.status, r.source, r.createdAt],
  });
}

async function inputOf(values: { input?: string; "input-file"?: string }): Promise<unknown> {
  if (values.input !== undefined && values["input-file"] !== undefined)
    throw new CliError("Give --input or --input-file, not both.");
  let text = values.input;
  const file = values["input-file"];
  if (file !== undefined)
    text = await readFile(file, "utf8").catch((err: Error) => {
      throw new CliError(`Cannot read ${file}: ${err.message}`);
    });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`The input is not JSON: ${(err as Error).message}`);
  }
}

async function runCommand(args: string[]) {
  const { values, positionals } = parse(args, {
    input: { type: "string" },
    "input-file": { type: "string" },
    "test-mode": { type: "boolean" },
  });
  const slug = onePositional(positionals, "workflow slug");
  const input = await inputOf(values);
  const { data } = await api<{ runId: string }>(`/api/v1/workflows/${encodeURIComponent(slug)}/runs`, {
    method: "POST",
    body: JSON.stringify({
      ...(input === undefined ? {} : { input }),
      ...(values["test-mode"] ? { testMode: true } : {}),
    }),
  });
  if (values.json) return printJson(data);
  print(`Started run ${data.runId} of "${slug}"${values["test-mode"] ? " in test mode" : ""}.`);
}

async function rerunCommand(args: string[]) {
  const { values, positionals } = parse(args, { from: { type: "string" } });
  const id = onePositional(positionals, "run id");
  const { data } = await api<{ runId: string }>(`/api/v1/runs/${encodeURIComponent(id)}/rerun`, {
    method: "POST",
    body: JSON.stringify(values.from ? { fromStep: values.from } : {}),
  });
  if (values.json) return printJson(data);
  print(`Started run ${data.runId} (re-run of ${id}${values.from ? ` from step "${values.from}"` : ""}).`);
}

interface TokenSummary {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

async function tokensCommand(args: string[]) {
  const [sub, ...rest] = args;
  if (sub === "create") {
    const { values, positionals } = parse(rest, { name: { type: "string" }, role: { type: "string" } });
    if (values.name === undefined || values.role === undefined || positionals.length)
      throw new CliError(`tokens create needs --name <name> and --role <viewer|approver|editor|admin>.\n\n${USAGE}`);
    const { data } = await api<TokenSummary & { token: string }>("/api/v1/tokens", {
      method: "POST",
      body: JSON.stringify({ name: values.name, role: values.role }),
    });
    if (values.json) return printJson(data);
    print(
      `Created ${data.role} token "${data.name}" (id ${data.id}). Its secret, shown only now (only its hash is stored):`,
    );
    return print(`  ${data.token}`);
  }
  if (sub === "revoke") {
    const { values, positionals } = parse(rest, {});
    const id = onePositional(positionals, "token id");
    const { data } = await api<TokenSummary>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (values.json) return printJson(data);
    return print(`Revoked token ${data.id} ("${data.name}", ${data.role}) at ${data.revokedAt}.`);
  }
  if (sub !== "list") throw new CliError(`Unknown command "tokens ${sub ?? ""}".\n\n${USAGE}`);
  const { values, positionals } = parse(rest, { limit: { type: "string" }, cursor: { type: "string" } });
  if (positionals.length) throw new CliError(`tokens list takes no arguments.\n\n${USAGE}`);
  const { data } = await api<{ items: TokenSummary[]; nextCursor: string | null }>("/api/v1/tokens", {
    query: { limit: values.limit, cursor: values.cursor },
  });
  if (values.json) return printJson(data);
  printPage(data, {
    command: "tokens list",
    empty: "No tokens.",
    header: ["TOKEN", "NAME", "ROLE", "CREATED", "LAST USED", "REVOKED"],
    row: (t) => [t.id, t.name, t.role, t.createdAt, t.lastUsedAt ?? "-", t.revokedAt ?? "-"],
  });
}

async function keysCommand(args: string[]) {
  const [sub, ...rest] = args;
  if (sub !== "rotate") throw new CliError(`Unknown command "keys ${sub ?? ""}".\n\n${USAGE}`);
  const { values, positionals } = parse(rest, { "batch-size": { type: "string", default: "100" } });
  if (positionals.length) throw new CliError(`keys rotate takes no arguments.\n\n${USAGE}`);
  const batchSize = Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new CliError(`--batch-size must be a positive integer.`);
  const { rotateKeys } = await import("./keys");
  const result = await rotateKeys({ batchSize });
  if (values.json) printJson(result);
  else {
    print(
      `Re-encrypted ${result.rotated} connection(s) under key ${result.keyId}; ${result.alreadyCurrent} already used it.`,
    );
    if (result.failed.length) print(`${result.failed.length} connection(s) could not be re-encrypted:`);
    for (const f of result.failed) print(`  ${f.id} (key ${f.keyId}): ${f.error}`);
  }
  if (result.failed.length)
    throw new CliError(
      `${result.failed.length} connection(s) were left under their old key; configure their keys in SWITCHYARD_ENCRYPTION_KEYS_OLD and run keys rotate again.`,
    );
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  bootstrap: bootstrapCommand,
  approvals: approvalsCommand,
  apply: applyCommand,
  run: runCommand,
  runs: runsCommand,
  rerun: rerunCommand,
  tokens: tokensCommand,
  keys: keysCommand,
};

/** Runs one command; answers the exit code (0, or 1 after printing the error). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    print(USAGE);
    return command ? 0 : 1;
  }
  try {
    const run = COMMANDS[command];
    if (!run) throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
    await run(args);
    return 0;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`error: ${err.message}\n${err.lines.map((l) => `${l}\n`).join("")}`);
    return 1;
  }
}
