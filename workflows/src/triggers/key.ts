import { createHash } from "node:crypto";
import { canonicalJson } from "../definition/canonical";
import type { AppTrigger } from "../definition/schema";

/**
 * A trigger's state belongs to its configuration: pointing it at another feed,
 * sheet, channel or account starts from a fresh baseline instead of a foreign cursor.
 */
export const triggerKeyOf = (t: AppTrigger): string =>
  createHash("sha256")
    .update(canonicalJson({ uses: t.uses, connection: t.connection ?? null, with: t.with ?? {} }))
    .digest("hex")
    .slice(0, 32);
