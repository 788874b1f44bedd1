// A webhook's auth secret, given inline when a workflow is saved, is sealed like trigger state
// (under the key ring, bound to its workflow) and the stored definition keeps only its reference.
import { randomBytes } from "node:crypto";
import { createTriggerStore, loadConnectionSecrets, type Db, type KeyRing } from "@switchyard/db";
import {
  isSealedRef,
  SECRET_FIELD,
  type SecretRef,
  type WebhookAuth,
  type WorkflowDefinition,
} from "@switchyard/workflows/definition";
import { ApiError } from "../http/errors";

/** Trigger state's key for sealed webhook secrets: one row per secret, keyed by its reference. */
const HOOK_SECRETS = "webhook-auth";

type Tx = Parameters<typeof createTriggerStore>[0] & Pick<Db, "triggerState" | "connection">;

const newSealedId = () => `whsec_${randomBytes(18).toString("base64url").replace(/[-_]/g, "")}`;

const authOf = (definition: WorkflowDefinition): WebhookAuth | undefined =>
  definition.trigger.type === "webhook" ? definition.trigger.auth : undefined;

const secretPath = (auth: WebhookAuth) => `$.trigger.auth.${SECRET_FIELD[auth.type]}`;

const invalid = (path: string, message: string) =>
  new ApiError(400, "invalid_definition", `The definition has 1 error; first: ${path}: ${message}`, {
    errors: [{ path, message }],
  });

function withSecret(definition: WorkflowDefinition, auth: WebhookAuth, ref: SecretRef): WorkflowDefinition {
  return {
    ...definition,
    trigger: { ...definition.trigger, auth: { ...auth, [SECRET_FIELD[auth.type]]: ref } as WebhookAuth },
  } as WorkflowDefinition;
}

/**
 * The definition as stored: an inline secret sealed and replaced by `{sealed}` (the same reference
 * again when it equals the secret the previous version sealed, so re-applying a file adds no
 * version), a sealed reference checked to be this workflow's, a connection checked to exist.
 * Sealed secrets no longer referenced are deleted: a replaced secret stops working at once.
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
  let kept: string | undefined;
  let stored = definition;
  if (auth) {
    const store = createTriggerStore(tx, ring(), { workflowId: at.workflowId, triggerKey: HOOK_SECRETS });
    const ref = auth[SECRET_FIELD[auth.type] as keyof typeof auth] as SecretRef;
    if (typeof ref === "string") {
      const before = previous && authOf(previous);
      const previousRef = before && (before[SECRET_FIELD[before.type] as keyof typeof before] as SecretRef);
      kept =
        isSealedRef(previousRef) && (await store.get<string>(previousRef.sealed)) === ref
          ? previousRef.sealed
          : newSealedId();
      await store.set(kept, ref);
      stored = withSecret(definition, auth, { sealed: kept });
    } else if (isSealedRef(ref)) {
      if ((await store.get(ref.sealed)) === undefined)
        throw invalid(
          secretPath(auth),
          `"${ref.sealed}" is not a secret sealed for this workflow (it may have been replaced): give the secret itself`,
        );
      kept = ref.sealed;
    } else {
      const found = await tx.connection.findUnique({
        where: { workspaceId_name: { workspaceId: at.workspaceId, name: ref.connection } },
        select: { id: true },
      });
      if (!found) throw invalid(`${secretPath(auth)}.connection`, `no connection named "${ref.connection}"`);
    }
  }
  await tx.triggerState.deleteMany({
    where: { workflowId: at.workflowId, triggerKey: HOOK_SECRETS, ...(kept ? { key: { not: kept } } : {}) },
  });
  return stored;
}

/** Why a secret cannot be read now; the sender is answered 401 like any other failed check. */
export class HookSecretUnavailableError extends Error {
  override name = "HookSecretUnavailableError";
}

/** A secret's value: a sealed one of the workflow, or a connection's field. */
export async function readHookSecret(
  db: Db,
  ring: KeyRing,
  at: { workspaceId: string; workflowId: string },
  ref: SecretRef,
): Promise<string> {
  if (typeof ref === "string") return ref;
  if (isSealedRef(ref)) {
    const value = await createTriggerStore(db, ring, { workflowId: at.workflowId, triggerKey: HOOK_SECRETS }).get(
      ref.sealed,
    );
    if (typeof value !== "string") throw new HookSecretUnavailableError(`the sealed secret ${ref.sealed} is gone`);
    return value;
  }
  const row = await db.connection.findUnique({
    where: { workspaceId_name: { workspaceId: at.workspaceId, name: ref.connection } },
    select: { id: true },
  });
  if (!row) throw new HookSecretUnavailableError(`no connection named "${ref.connection}"`);
  const { secrets } = await loadConnectionSecrets(db, ring, at.workspaceId, row.id);
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
