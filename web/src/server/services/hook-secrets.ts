// A webhook's auth secret, given inline when a workflow is saved, is sealed like trigger state
// (under the key ring, bound to its workflow) and the stored definition keeps only its reference.
import { randomBytes } from "node:crypto";
import { createTriggerStore, loadConnectionSecrets, type Db, type KeyRing } from "@switchyard/db";
import {
  isSealedRef,
  SECRET_FIELD,
  secretOf,
  withSecretRef,
  type SecretRef,
  type WebhookAuth,
  type WorkflowDefinition,
} from "@switchyard/workflows/definition";
import { ApiError } from "../http/errors";

/** Trigger state's key for sealed webhook secrets: one row per secret, keyed by its reference. */
const HOOK_SECRETS = "webhook-auth";

type Tx = Parameters<typeof createTriggerStore>[0] & Pick<Db, "connection">;
type ConnectionRef = Extract<SecretRef, { connection: string }>;

const newSealedId = () => `whsec_${randomBytes(16).toString("hex")}`;

const authOf = (definition: WorkflowDefinition | undefined): WebhookAuth | undefined =>
  definition?.trigger.type === "webhook" ? definition.trigger.auth : undefined;

/** Why a secret cannot be read now; the sender is answered 401 like any other failed check. */
export class HookSecretUnavailableError extends Error {
  override name = "HookSecretUnavailableError";
}

const invalid = (path: string, message: string) =>
  new ApiError(400, "invalid_definition", `The definition has 1 error; first: ${path}: ${message}`, {
    errors: [{ path, message }],
  });

/** A connection's secret: the field named, or its only text field. */
async function connectionSecret(db: Tx, ring: KeyRing, workspaceId: string, ref: ConnectionRef): Promise<string> {
  const row = await db.connection.findUnique({
    where: { workspaceId_name: { workspaceId, name: ref.connection } },
    select: { id: true },
  });
  if (!row) throw new HookSecretUnavailableError(`no connection named "${ref.connection}"`);
  const { secrets } = await loadConnectionSecrets(db, ring, workspaceId, row.id);
  const strings = Object.entries(secrets).filter((e): e is [string, string] => typeof e[1] === "string");
  const value = ref.field ? secrets[ref.field] : strings.length === 1 ? strings[0]![1] : undefined;
  if (typeof value !== "string")
    throw new HookSecretUnavailableError(
      ref.field
        ? `connection "${ref.connection}" has no secret field "${ref.field}"`
        : `connection "${ref.connection}" has ${strings.length} secret fields: name one in field`,
    );
  return value;
}

/**
 * The definition as stored: an inline secret sealed and replaced by `{sealed}` (the same reference
 * again when it equals the secret the previous version sealed, so re-applying a file adds no
 * version), a sealed reference checked to be this workflow's, a connection's secret checked to be
 * readable. Replaced secrets stay for the versions that name them (History restores them); only
 * the latest version's is ever checked, so a replaced one stops working at once.
 */
export async function sealHookSecret(
  tx: Tx,
  /** Called only for a definition with a secret: an installation without a key ring saves the rest. */
  ring: () => KeyRing,
  at: { workspaceId: string; workflowId: string },
  definition: WorkflowDefinition,
  previous?: WorkflowDefinition,
): Promise<WorkflowDefinition> {
  const auth = authOf(definition);
  if (!auth) return definition;
  const path = `$.trigger.auth.${SECRET_FIELD[auth.type]}`;
  const store = createTriggerStore(tx, ring(), { workflowId: at.workflowId, triggerKey: HOOK_SECRETS });
  const ref = secretOf(auth);
  if (typeof ref === "string") {
    const before = authOf(previous);
    const previousRef = before && secretOf(before);
    const reused = isSealedRef(previousRef) && (await store.get<string>(previousRef.sealed)) === ref;
    const sealed = reused ? previousRef.sealed : newSealedId();
    if (!reused) await store.set(sealed, ref);
    return {
      ...definition,
      trigger: { ...definition.trigger, auth: withSecretRef(auth, { sealed }) },
    } as WorkflowDefinition;
  }
  if (isSealedRef(ref)) {
    if ((await store.get(ref.sealed)) === undefined)
      throw invalid(path, `"${ref.sealed}" is not a secret sealed for this workflow: give the secret itself`);
    return definition;
  }
  try {
    await connectionSecret(tx, ring(), at.workspaceId, ref);
  } catch (err) {
    if (err instanceof HookSecretUnavailableError) throw invalid(`${path}.connection`, err.message);
    throw err;
  }
  return definition;
}

/** A secret's value: a sealed one of the workflow, or a connection's field. */
export async function readHookSecret(
  db: Db,
  ring: KeyRing,
  at: { workspaceId: string; workflowId: string },
  ref: SecretRef,
): Promise<string> {
  if (typeof ref === "string") return ref;
  if (!isSealedRef(ref)) return connectionSecret(db, ring, at.workspaceId, ref);
  const store = createTriggerStore(db, ring, { workflowId: at.workflowId, triggerKey: HOOK_SECRETS });
  const value = await store.get(ref.sealed);
  if (typeof value !== "string") throw new HookSecretUnavailableError(`the sealed secret ${ref.sealed} is gone`);
  return value;
}
