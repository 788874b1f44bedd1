/** A step's id: a slug, so templates can read `steps.<id>` and URLs can carry it. */
export const STEP_ID = /^[a-z][a-z0-9_-]{0,62}$/;
/** `<connector>.<operation>`, as connectors name their actions and triggers. */
export const USES = /^[a-z][a-z0-9-]*\.[a-z][a-zA-Z0-9]*$/;
