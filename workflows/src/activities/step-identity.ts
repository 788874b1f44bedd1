import { createHash } from "node:crypto";
import type { Db } from "@switchyard/db";
import type { Registry } from "@switchyard/connectors";
import { NonRetryableError } from "@switchyard/connectors";
import { canonicalJson } from "../definition/canonical";

/** SHA-256 (hex) of a value's canonical JSON: equal values, whatever their key order, hash alike. */
export const hashOf = (value: unknown): string =>
  createHash("sha256")
    .update(canonicalJson(value ?? null))
    .digest("hex");

/** What a remembered result belongs to: the step's workflow, in its workspace, as defined now. */
export interface StepIdentity {
  workspaceId: string;
  workflowId: string;
  /**
   * Hash of the step's definition (uses, the `with` template, the connection's name), the
   * operation's declared version and the connection's identity (its row: reconnecting under the
   * same name keeps it, deleting and adding one anew does not). Any change means a new result.
   */
  definitionHash: string;
}

export interface StepDefinitionParts {
  uses: string;
  /** The step's `with` as defined, before rendering. */
  with: Record<string, unknown>;
  connection?: string;
}

/**
 * The step's identity for its run, read in one query. Its workspace and workflow come from the
 * run row, never from the caller, so no run can reach another workflow's memory.
 */
export async function stepIdentity(
  deps: { db: Db; registry: Registry },
  runId: string,
  step: StepDefinitionParts,
): Promise<StepIdentity> {
  const [row] = await deps.db.$queryRaw<{ workspaceId: string; workflowId: string; connectionId: string | null }[]>`
    SELECT r."workspaceId", r."workflowId", c.id AS "connectionId"
    FROM "Run" r LEFT JOIN "Connection" c ON c."workspaceId" = r."workspaceId" AND c.name = ${step.connection ?? null}
    WHERE r.id = ${runId}`;
  if (!row) throw new NonRetryableError(`run ${runId} does not exist`);
  const definitionHash = hashOf({
    uses: step.uses,
    with: step.with,
    connection: step.connection ?? null,
    connectionId: row.connectionId,
    version: deps.registry.action(step.uses)?.version ?? 1,
  });
  return { workspaceId: row.workspaceId, workflowId: row.workflowId, definitionHash };
}
