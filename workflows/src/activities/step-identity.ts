import { createHash } from "node:crypto";
import { Prisma, type Db } from "@switchyard/db";
import type { Registry } from "@switchyard/connectors";
import { NonRetryableError } from "@switchyard/connectors";
import { canonicalJson } from "../definition/canonical";

/** SHA-256 (hex) of a value's canonical JSON: equal values, whatever their key order, hash alike. */
export const hashOf = (value: unknown): string =>
  createHash("sha256")
    .update(canonicalJson(value ?? null))
    .digest("hex");

/** What a remembered result belongs to: the step's workflow (so its workspace), as defined now. */
export interface StepIdentity {
  workflowId: string;
  /**
   * Hash of the step's definition (uses, the `with` template, the connection's name), the
   * operation's declared version and the connection's identity (CONNECTION_IDENTITY). Any change
   * means a new result.
   */
  definitionHash: string;
}

/**
 * A connection's identity in SQL (alias `c`): its row, and the account it is signed in as, which a
 * reconnect may change. A connection deleted and added anew under the same name is another.
 */
export const CONNECTION_IDENTITY = Prisma.sql`c.id || COALESCE(' ' || (c.metadata -> 'account')::text, '')`;

/** What of a step's definition its remembered results depend on, besides the connection's identity. */
export const definitionParts = (registry: Registry, step: StepDefinitionParts) => ({
  uses: step.uses,
  with: step.with,
  connection: step.connection ?? null,
  version: registry.action(step.uses)?.version ?? 1,
});

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
  const [row] = await deps.db.$queryRaw<{ workflowId: string; connectionId: string | null }[]>`
    SELECT r."workflowId", ${CONNECTION_IDENTITY} AS "connectionId"
    FROM "Run" r LEFT JOIN "Connection" c ON c."workspaceId" = r."workspaceId" AND c.name = ${step.connection ?? null}
    WHERE r.id = ${runId}`;
  if (!row) throw new NonRetryableError(`run ${runId} does not exist`);
  const definitionHash = hashOf({ ...definitionParts(deps.registry, step), connectionId: row.connectionId });
  return { workflowId: row.workflowId, definitionHash };
}
