import { builtinRegistry, parseCredentials, type AuthDefinition } from "@switchyard/connectors";
import {
  connectionInfoSelect,
  ConnectionNameTakenError,
  createConnection,
  loadConnectionSecrets,
  renameConnection,
  updateConnectionSecrets,
  type ConnectionInfo,
  type Prisma,
} from "@switchyard/db";
import { runConnectionTest } from "@switchyard/workflows/engine";
import { z } from "zod";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { recordAudit } from "./audit";
import { usageByConnection, type UsedBy } from "./connection-usage";
import { engineDeps } from "./engine-deps";

export type { UsedBy } from "./connection-usage";

async function findOwn(s: Services, workspaceId: string, id: string): Promise<ConnectionInfo> {
  const c = await s.db.connection.findFirst({ where: { id, workspaceId }, select: connectionInfoSelect });
  if (!c) throw new ApiError(404, "not_found", `No connection ${id} in this workspace.`);
  return c;
}

/** What the API shows: no key id, no workspace id, never secrets. */
const view = ({ keyId: _k, workspaceId: _w, ...c }: ConnectionInfo) => c;

/** Workflows whose latest version names this connection. */
export async function whereUsed(s: Services, workspaceId: string, name: string): Promise<UsedBy[]> {
  return (await usageByConnection(s.db, workspaceId)).get(name) ?? [];
}

export async function listConnections(s: Services, workspaceId: string) {
  return (
    await s.db.connection.findMany({ where: { workspaceId }, orderBy: { name: "asc" }, select: connectionInfoSelect })
  ).map(view);
}

export async function getConnection(s: Services, workspaceId: string, id: string) {
  const c = await findOwn(s, workspaceId, id);
  return { ...view(c), usedBy: await whereUsed(s, workspaceId, c.name) };
}

export const connectionName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.-]+$/, "letters, digits, -, _ and . only");

export const createConnectionInput = z.object({
  name: connectionName,
  connector: z.string().min(1),
  /** API keys, passwords, tokens: stored encrypted; never returned. */
  credentials: z.record(z.string(), z.unknown()),
  // `account` routes app events between tenants, so only an OAuth answer may set it.
  metadata: z
    .record(z.string(), z.unknown())
    .refine((m) => !("account" in m), { message: "account is set by the provider when connecting, not by the caller" })
    .optional(),
});

/** The credentials as the connector's auth takes them, its own checks included; otherwise 400 `invalid_credentials` saying why. */
async function checkCredentials(auth: AuthDefinition, credentials: unknown): Promise<Record<string, unknown>> {
  try {
    const secrets = parseCredentials(auth, credentials);
    if (auth.kind === "custom") await auth.validate?.(secrets);
    return secrets;
  } catch (err) {
    throw new ApiError(400, "invalid_credentials", (err as Error).message);
  }
}

/** For key-based auth kinds; OAuth2 accounts connect through the authorize flow instead. */
export async function addConnection(s: Services, caller: ApiCaller, input: z.infer<typeof createConnectionInput>) {
  const connector = builtinRegistry.connectors.find((c) => c.slug === input.connector);
  if (!connector) throw new ApiError(404, "not_found", `No connector "${input.connector}".`);
  const auth = connector.auth ?? { kind: "none" as const };
  if (auth.kind === "none") throw new ApiError(400, "no_auth", `${connector.name} needs no connection.`);
  if (auth.kind === "oauth2")
    throw new ApiError(
      400,
      "use_oauth",
      `${connector.name} connects with OAuth2: POST /api/v1/connections/oauth/${connector.slug}/start.`,
    );
  const secrets = await checkCredentials(auth, input.credentials);
  let created: ConnectionInfo;
  try {
    created = await createConnection(s.db, s.keyRing(), {
      workspaceId: caller.workspaceId,
      name: input.name,
      connector: connector.slug,
      authKind: auth.kind,
      secrets,
      metadata: input.metadata as Prisma.InputJsonValue | undefined,
    });
  } catch (err) {
    if (err instanceof ConnectionNameTakenError)
      throw new ApiError(409, "name_taken", `A connection named "${input.name}" already exists.`);
    throw err;
  }
  // After the insert: createConnection takes the client, not a transaction.
  await recordAudit(s.db, caller, connectionEvent("connection.create", created));
  return view(created);
}

/** The entry for a change to a connection; never its secrets. */
export const connectionEvent = (
  action: string,
  c: Pick<ConnectionInfo, "id" | "name" | "connector">,
  details: Record<string, string> = {},
) => ({
  action,
  targetType: "connection" as const,
  targetId: c.id,
  targetLabel: c.name,
  details: { connector: c.connector, ...details },
});

/**
 * Runs the connector's own check ("Test connection"); the answer says what failed, never the secret.
 * The stored credentials meet today's rules first: a connection saved before a rule existed answers
 * as it would be answered now.
 */
export async function testConnection(
  s: Services,
  workspaceId: string,
  id: string,
): Promise<{ ok: boolean; error?: string }> {
  const c = await findOwn(s, workspaceId, id);
  const auth = builtinRegistry.connectors.find((x) => x.slug === c.connector)?.auth;
  if (auth) await checkCredentials(auth, (await loadConnectionSecrets(s.db, s.keyRing(), workspaceId, c.id)).secrets);
  if (!auth?.test) throw new ApiError(400, "not_testable", `${c.connector} connections have no test.`);
  return runConnectionTest(engineDeps(s), workspaceId, c.connector, c.name);
}

/** Definitions refer to connections by name, so renaming one in use would break them. */
export async function renameConnectionChecked(s: Services, caller: ApiCaller, id: string, name: string) {
  const { workspaceId } = caller;
  const c = await findOwn(s, workspaceId, id);
  const used = await whereUsed(s, workspaceId, c.name);
  if (used.length)
    throw new ApiError(
      409,
      "in_use",
      `"${c.name}" is used by ${used.map((u) => u.slug).join(", ")}; update those workflows first.`,
      { usedBy: used },
    );
  let renamed: ConnectionInfo;
  try {
    // No workflow uses the old name, so renaming breaks nothing.
    renamed = await renameConnection(s.db, workspaceId, id, name);
  } catch (err) {
    if (err instanceof ConnectionNameTakenError)
      throw new ApiError(409, "name_taken", `A connection named "${name}" already exists.`);
    throw err;
  }
  if (renamed.name !== c.name)
    await recordAudit(s.db, caller, connectionEvent("connection.rename", renamed, { from: c.name, to: renamed.name }));
  return { ...view(renamed), usedBy: [] };
}

/** Refused while enabled workflows use it; the answer lists them. */
export async function deleteConnection(s: Services, caller: ApiCaller, id: string): Promise<void> {
  const { workspaceId } = caller;
  const c = await findOwn(s, workspaceId, id);
  const enabled = (await whereUsed(s, workspaceId, c.name)).filter((u) => u.enabled);
  if (enabled.length)
    throw new ApiError(
      409,
      "in_use",
      `"${c.name}" is used by enabled workflows: ${enabled.map((u) => u.slug).join(", ")}. Disable them or switch their connection first.`,
      { usedBy: enabled },
    );
  await s.db.$transaction(async (tx) => {
    await tx.connection.delete({ where: { id } });
    // Alerts posted through it stop rather than point at a connection that is gone.
    await tx.workspace.updateMany({
      where: { id: caller.workspaceId, alertSlackConnectionId: id },
      data: { alertSlackConnectionId: null, alertSlackChannel: null },
    });
    await recordAudit(tx, caller, connectionEvent("connection.delete", c));
  });
}

/**
 * New credentials for a key-based connection (its key was rotated or revoked), checked like a new
 * connection's. It keeps its id and name, so the workflows using it carry on.
 */
export async function replaceCredentials(s: Services, caller: ApiCaller, id: string, credentials: unknown) {
  const c = await findOwn(s, caller.workspaceId, id);
  const auth = builtinRegistry.connectors.find((x) => x.slug === c.connector)?.auth;
  if (auth?.kind === "oauth2")
    throw new ApiError(400, "use_oauth", `"${c.name}" reconnects through OAuth2: start it again with reconnect.`);
  if (!auth || auth.kind === "none") throw new ApiError(400, "no_auth", `"${c.name}" has no credentials to replace.`);
  const secrets = await checkCredentials(auth, credentials);
  await updateConnectionSecrets(s.db, s.keyRing(), caller.workspaceId, id, secrets);
  const updated = await s.db.connection.update({
    where: { id },
    data: { status: "active" },
    select: connectionInfoSelect,
  });
  await recordAudit(s.db, caller, connectionEvent("connection.credentials", c));
  return view(updated);
}
