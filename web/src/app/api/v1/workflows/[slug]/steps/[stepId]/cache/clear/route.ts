import { forgetRoute } from "../../../../../../_lib/step-memory";

/**
 * Forgets the step's remembered results: its next run calls the operation again. Answers `{cleared}`, how many
 * entries went. A step only an older version has may be cleared too.
 */
export const POST = forgetRoute("cache");
