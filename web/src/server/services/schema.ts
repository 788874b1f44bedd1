import { definitionSchema } from "@switchyard/workflows/definition";
import { z } from "zod";

let cached: Record<string, unknown> | undefined;

/** The workflow definition's JSON Schema, as accepted on input (defaulted fields are optional). */
export function workflowJsonSchema(): Record<string, unknown> {
  cached ??= { ...z.toJSONSchema(definitionSchema, { io: "input" }), title: "Switchyard workflow definition" };
  return cached;
}
