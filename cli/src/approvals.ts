// `switchyard approvals ...`: the inbox through the REST API, deciding as the member who created the token.
import { api, CliError } from "./api";
import { onePositional, parse, print, printJson, printPage, USAGE } from "./terminal";

interface ApprovalSummary {
  id: string;
  workflow: string;
  stepId: string;
  kind: string;
  title: string;
  status: string;
  quorum: number;
  decisions: { decision: string }[];
  createdAt: string;
}

interface DecisionAnswer {
  status: string;
  decidedBy: { email: string; name?: string; decision: string; at: string }[];
  decidedAt: string | null;
  approvals: number;
  quorum: number;
}

/** `key=value` pairs; a value is JSON when it parses as JSON (numbers, booleans, quoted strings), else text. */
export function fieldValues(pairs: string[], flag: string): Record<string, unknown> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf("=");
      if (at < 1) throw new CliError(`${flag} takes <key>=<value>, not "${pair}".`);
      const raw = pair.slice(at + 1);
      try {
        return [pair.slice(0, at), JSON.parse(raw) as unknown];
      } catch {
        return [pair.slice(0, at), raw];
      }
    }),
  );
}

async function listCommand(args: string[]) {
  const { values, positionals } = parse(args, {
    status: { type: "string" },
    workflow: { type: "string" },
    limit: { type: "string" },
    cursor: { type: "string" },
  });
  if (positionals.length) throw new CliError(`approvals list takes no arguments.\n\n${USAGE}`);
  const { data } = await api<{ items: ApprovalSummary[]; nextCursor: string | null }>("/api/v1/approvals", {
    query: { status: values.status, workflow: values.workflow, limit: values.limit, cursor: values.cursor },
  });
  if (values.json) return printJson(data);
  printPage(data, {
    command: "approvals list",
    empty: "No approvals.",
    header: ["APPROVAL", "WORKFLOW", "STEP", "KIND", "STATUS", "APPROVALS", "CREATED", "TITLE"],
    row: (a) => {
      const approvals = a.decisions.filter((d) => d.decision === "approve").length;
      return [a.id, a.workflow, a.stepId, a.kind, a.status, `${approvals}/${a.quorum}`, a.createdAt, a.title];
    },
  });
}

const DONE = { approve: "approval", reject: "rejection", submit: "submission" } as const;

async function decideCommand(decision: keyof typeof DONE, args: string[]) {
  const { values, positionals } = parse(args, {
    comment: { type: "string" },
    edit: { type: "string", multiple: true },
    value: { type: "string", multiple: true },
  });
  const id = onePositional(positionals, "approval id");
  if (values.edit && decision !== "approve") throw new CliError(`--edit goes with approve only.\n\n${USAGE}`);
  if (values.value && decision !== "submit") throw new CliError(`--value goes with submit only.\n\n${USAGE}`);
  const body = {
    decision,
    ...(values.edit ? { edits: fieldValues(values.edit, "--edit") } : {}),
    ...(values.value ? { values: fieldValues(values.value, "--value") } : {}),
    ...(values.comment !== undefined ? { comment: values.comment } : {}),
  };
  const { data } = await api<DecisionAnswer>(`/api/v1/approvals/${encodeURIComponent(id)}/decision`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  if (values.json) return printJson(data);
  if (data.status === "pending")
    return print(`Recorded your ${DONE[decision]} of ${id}: ${data.approvals} of ${data.quorum} approvals so far.`);
  const who = data.decidedBy.map((d) => d.name ?? d.email).join(", ");
  print(
    `Approval ${id} is now ${data.status}${who ? ` (${who})` : ""}${data.decidedAt ? ` at ${data.decidedAt}` : ""}.`,
  );
}

export async function approvalsCommand(args: string[]) {
  const [sub, ...rest] = args;
  if (sub === "list") return listCommand(rest);
  if (sub === "show") {
    const { positionals } = parse(rest, {});
    const id = onePositional(positionals, "approval id");
    return printJson((await api(`/api/v1/approvals/${encodeURIComponent(id)}`)).data);
  }
  if (sub === "approve" || sub === "reject" || sub === "submit") return decideCommand(sub, rest);
  throw new CliError(`Unknown command "approvals ${sub ?? ""}".\n\n${USAGE}`);
}
