import { randomBytes } from "node:crypto";
import { createLogger } from "@switchyard/connectors";
import { parseKeyRing, type Db } from "@switchyard/db";
import { seedMember } from "@switchyard/devstack/testing";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { refusalTallyFor } from "./webhook-refusals";

/** Services for the workflow services' tests: a real database, and no Temporal (runs stay in the outbox). */
export function workflowTestServices(db: Db): Services {
  const logger = createLogger("workflow-services-test");
  const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
  return {
    db,
    keyRing: () => ring,
    logger,
    engine: () => Promise.reject(new Error("no Temporal in this test")),
    webhookMaxBytes: 1024 * 1024,
    minScheduleIntervalMs: 10_000,
    workspaceWebhookRate: { perSecond: 200, burst: 1000 },
    // Written at once, so a test reads what it caused.
    refusals: refusalTallyFor({ db, logger }, 0),
    hookSecrets: new Map(),
    baseUrls: {},
    oauth: { clients: {}, secret: undefined, publicUrl: "http://127.0.0.1:3000" },
  } as unknown as Services;
}

/** A fresh workspace and its editor, acting in the web app. */
export async function editorOfNewWorkspace(db: Db, slug: string): Promise<ApiCaller> {
  const { id: workspaceId } = await db.workspace.create({ data: { slug, name: slug } });
  const member = await seedMember(db, workspaceId, `eve@${slug}.example`, "editor");
  return { workspaceId, tokenId: null, role: "editor", member };
}

export const transformFlow = (name: string, steps = [{ id: "echo", needs: [] as string[] }]) => ({
  name,
  trigger: { type: "webhook" },
  steps: steps.map(({ id, needs }) => ({ id, needs, uses: "core.transform", with: { value: `{{ trigger.body }}` } })),
});

/** A signup form's input schema: a format, a default, a pattern that backtracks on V8, no other fields. */
export const SIGNUP_INPUT_SCHEMA = {
  type: "object",
  properties: {
    email: { type: "string", format: "email" },
    seats: { type: "integer", minimum: 1, default: 1 },
    code: { type: "string", pattern: "^(a+)+$" },
  },
  required: ["email"],
  additionalProperties: false,
};
