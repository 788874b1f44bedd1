import { forgetRoute } from "../../../../../../_lib/step-memory";

/**
 * Forgets which items the incremental step processed: its next run processes every item (all reported as added).
 * Answers `{forgotten}`, how many items it no longer remembers.
 */
export const POST = forgetRoute("incremental");
