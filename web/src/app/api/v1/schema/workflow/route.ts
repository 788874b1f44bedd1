import { handle } from "~/server/http/errors";
import { workflowJsonSchema } from "~/server/services/schema";

/** Public: editors and CI can validate definitions before applying them. */
export const GET = handle(async () =>
  Response.json(workflowJsonSchema(), { headers: { "cache-control": "public, max-age=300" } }),
);
