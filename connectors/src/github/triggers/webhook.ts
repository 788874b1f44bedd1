import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { defineTrigger } from "../../sdk/define";
import { NonRetryableError } from "../../sdk/errors";
import { DEDUPE_WINDOW } from "../../sdk/polling";
import { github, repoPath } from "../client";

const SECRET_KEY = "webhookSecret";
const HOOK_KEY = "hookId";
const BODIES_KEY = "deliveredBodies";

/**
 * X-GitHub-Delivery is not signed: a captured delivery replayed under a new id
 * would pass the signature check and start another run. The signed body is
 * what identifies it (128 bits of its SHA-256 keep the window small).
 */
const bodyDigest = (body: string) => createHash("sha256").update(body).digest("base64url").slice(0, 22);

/** Constant-time check of GitHub's `X-Hub-Signature-256: sha256=<hex HMAC of the raw body>`. */
export function verifyGithubSignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("hex"));
  const given = Buffer.from(header.slice("sha256=".length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const webhookEvent = defineTrigger({
  name: "webhookEvent",
  title: "Repository event",
  description: "Starts on GitHub webhook events (push, issues, pull_request, …) from a repository.",
  kind: "webhook",
  props: z.object({
    owner: z.string().min(1),
    repo: z.string().min(1),
    events: z.array(z.string().min(1)).min(1).default(["push"]),
  }),
  output: z.object({ event: z.string(), deliveryId: z.string(), payload: z.record(z.string(), z.unknown()) }),
  sampleOutput: {
    event: "push",
    deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    payload: { ref: "refs/heads/main" },
  },
  // The secret is generated here and kept in the trigger's store, never in the definition.
  async onEnable({ http, props, store, webhookUrl }) {
    if (!webhookUrl) throw new NonRetryableError("no webhook URL to register with GitHub");
    const secret = randomBytes(32).toString("hex");
    // Stored before the hook exists: GitHub sends a signed ping the moment it is created.
    await store.set(SECRET_KEY, secret);
    const res = await github<{ id: number }>(http, {
      method: "POST",
      url: `${repoPath(props.owner, props.repo)}/hooks`,
      body: {
        name: "web",
        active: true,
        events: props.events,
        config: { url: webhookUrl, content_type: "json", secret, insecure_ssl: "0" },
      },
    });
    await store.set(HOOK_KEY, res.body.id);
  },
  async onDisable({ http, props, store }) {
    const id = await store.get<number>(HOOK_KEY);
    if (id !== undefined)
      await github(http, { method: "DELETE", url: `${repoPath(props.owner, props.repo)}/hooks/${id}` });
    await store.delete(SECRET_KEY);
    await store.delete(HOOK_KEY);
  },
  async parse({ request, store }) {
    const secret = await store.get<string>(SECRET_KEY);
    if (!secret) throw new NonRetryableError("this GitHub trigger has no webhook secret; disable and enable it again");
    if (!verifyGithubSignature(secret, request.body, request.headers["x-hub-signature-256"]))
      throw new NonRetryableError("GitHub webhook signature does not match");
    const event = request.headers["x-github-event"] ?? "";
    if (event === "ping") return [];
    // The delivery id is what makes redeliveries harmless; GitHub always sends one.
    const deliveryId = request.headers["x-github-delivery"];
    if (!deliveryId) throw new NonRetryableError("GitHub delivery has no X-GitHub-Delivery header");
    const payload = JSON.parse(request.body) as Record<string, unknown>;
    // Recorded in the same state (and transaction) as the delivery ids the engine dedupes by.
    const digest = bodyDigest(request.body);
    const seen = (await store.get<string[]>(BODIES_KEY)) ?? [];
    if (seen.includes(digest)) return [];
    await store.set(BODIES_KEY, [...seen, digest].slice(-DEDUPE_WINDOW));
    return [{ event, deliveryId, payload }];
  },
  dedupeKey: (item) => item.deliveryId,
});
