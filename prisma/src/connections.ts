// Connected accounts: the only code that reads or writes Connection.secrets, so every
// secret is encrypted under the key ring and bound to its row (AAD `connection:<id>`).
import { randomUUID } from "node:crypto";
import { Prisma, type ConnectionStatus, type PrismaClient } from "./generated/client";
import { decryptSecret, encryptSecret, type KeyRing } from "./secrets";

type Db = PrismaClient;

/** Ties a ciphertext to its row: a blob copied onto another connection will not decrypt. */
export const connectionAad = (id: string): string => `connection:${id}`;

/** Everything about a connection except its secrets: safe for the UI, logs and Temporal payloads. */
export const connectionInfoSelect = {
  id: true,
  workspaceId: true,
  name: true,
  connector: true,
  authKind: true,
  status: true,
  keyId: true,
  metadata: true,
  createdAt: true,
  updatedAt: true,
  lastUsedAt: true,
} satisfies Prisma.ConnectionSelect;

export type ConnectionInfo = Prisma.ConnectionGetPayload<{ select: typeof connectionInfoSelect }>;

export class ConnectionNotFoundError extends Error {
  override name = "ConnectionNotFoundError";
  constructor(readonly id: string) {
    super(`connection "${id}" not found in this workspace`);
  }
}

export class ConnectionNameTakenError extends Error {
  override name = "ConnectionNameTakenError";
  constructor(readonly connectionName: string) {
    super(`a connection named "${connectionName}" already exists in this workspace`);
  }
}

/** A unique constraint refused the write (Postgres 23505, Prisma P2002). */
export const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";

export interface NewConnection {
  workspaceId: string;
  name: string;
  connector: string;
  authKind: string;
  /** Credentials (tokens, keys, passwords): stored only encrypted. */
  secrets: Record<string, unknown>;
  /** Non-secret display information (account email, scopes). */
  metadata?: Prisma.InputJsonValue;
  status?: ConnectionStatus;
}

export async function createConnection(db: Db, ring: KeyRing, input: NewConnection): Promise<ConnectionInfo> {
  // The id is part of the AAD, so it exists before the row does.
  const id = randomUUID();
  const blob = encryptSecret(ring, input.secrets, connectionAad(id));
  try {
    return await db.connection.create({
      data: {
        id,
        workspaceId: input.workspaceId,
        name: input.name,
        connector: input.connector,
        authKind: input.authKind,
        status: input.status,
        metadata: input.metadata,
        secrets: { ...blob },
        keyId: blob.kid,
      },
      select: connectionInfoSelect,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConnectionNameTakenError(input.name);
    throw err;
  }
}

/** The connection and its decrypted secrets, only if it belongs to `workspaceId`. */
export async function loadConnectionSecrets<S = Record<string, unknown>>(
  // Also a transaction client, so a refresh can read and write under its lock.
  db: Pick<Db, "connection">,
  ring: KeyRing,
  workspaceId: string,
  id: string,
): Promise<{ connection: ConnectionInfo; secrets: S }> {
  const row = await db.connection.findFirst({
    where: { id, workspaceId },
    select: { ...connectionInfoSelect, secrets: true },
  });
  if (!row) throw new ConnectionNotFoundError(id);
  const { secrets, ...connection } = row;
  return { connection, secrets: decryptSecret<S>(ring, secrets, connectionAad(id)) };
}

/** Replaces the secrets (e.g. after a token refresh), encrypted under the current key. */
export async function updateConnectionSecrets(
  db: Pick<Db, "connection">,
  ring: KeyRing,
  workspaceId: string,
  id: string,
  secrets: Record<string, unknown>,
): Promise<ConnectionInfo> {
  const blob = encryptSecret(ring, secrets, connectionAad(id));
  const { count } = await db.connection.updateMany({
    where: { id, workspaceId },
    data: { secrets: { ...blob }, keyId: blob.kid },
  });
  if (!count) throw new ConnectionNotFoundError(id);
  return db.connection.findUniqueOrThrow({ where: { id }, select: connectionInfoSelect });
}

export async function renameConnection(db: Db, workspaceId: string, id: string, name: string): Promise<ConnectionInfo> {
  try {
    const { count } = await db.connection.updateMany({ where: { id, workspaceId }, data: { name } });
    if (!count) throw new ConnectionNotFoundError(id);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConnectionNameTakenError(name);
    throw err;
  }
  return db.connection.findUniqueOrThrow({ where: { id }, select: connectionInfoSelect });
}
