// What the workflow editor reads besides the workflow itself: the connector catalog, the
// workspace's connections to pick from, example data, and validation of unsaved drafts.
import { builtinRegistry } from "@switchyard/connectors";
import { validateDefinition } from "@switchyard/workflows/definition";
import { listConnections } from "../../services/connections";
import { listConnectors } from "../../services/connectors";
import { pickerSamples } from "../../services/editor-samples";
import { roleProcedure, router } from "../init";
import { samplesInput, validateInput } from "./editor.schema";

export const editorRouter = router({
  catalog: roleProcedure("viewer").query(() => listConnectors()),
  /** Names and connectors only: a step names its connection; nothing else of it is the editor's. */
  connections: roleProcedure("viewer").query(async ({ ctx }) =>
    (await listConnections(ctx.services, ctx.caller.workspaceId)).map((c) => ({
      id: c.id,
      name: c.name,
      connector: c.connector,
    })),
  ),
  samples: roleProcedure("viewer")
    .input(samplesInput)
    .query(({ ctx, input }) => pickerSamples(ctx.services.db, ctx.caller.workspaceId, input.slug, input.runId)),
  /** A mutation only so the draft travels in a POST body, not a URL; it changes nothing. */
  validate: roleProcedure("viewer")
    .input(validateInput)
    .mutation(({ ctx, input }) => {
      const result = validateDefinition(input.definition, builtinRegistry, {
        minScheduleIntervalMs: ctx.services.minScheduleIntervalMs,
      });
      return result.ok ? { errors: [] } : { errors: result.errors };
    }),
});
