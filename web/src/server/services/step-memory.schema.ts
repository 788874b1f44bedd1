import { STEP_ID } from "@switchyard/workflows/definition";
import { z } from "zod";
import { slugSchema } from "./workflows";

/** A step id as definitions spell it, so a path that could name no step is refused rather than matching nothing. */
export const stepIdSchema = z
  .string()
  .regex(STEP_ID, "a step id is 1-63 lowercase letters, digits, - or _, starting with a letter");

/** The step whose remembered results or incremental memory is forgotten. */
export const stepOfWorkflow = z.object({ slug: slugSchema, stepId: stepIdSchema });
