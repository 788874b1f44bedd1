// Sizes, in bytes of JSON, of what passes through Temporal: one payload carries at most
// 2 MiB, and a value over that fails the workflow task, so the run would never finish.
import { LIMIT_MESSAGE, TemplateLimitError } from "../definition/template";
import { INLINE_OUTPUT_BYTES } from "./contract";

/** A forEach list is not kept in the run's state or record; it travels once, split into batches. */
export const FOR_EACH_LIST_BYTES = 16 * INLINE_OUTPUT_BYTES;
/** The records of every step settled in the workflow travel together, to finishRun. */
export const RECORDS_BYTES = 16 * INLINE_OUTPUT_BYTES;
/**
 * A connector step's rendered inputs travel once, to its activity, and are not kept in the run's
 * state: room to forward a sizeable webhook body, while a few of them started together still fit
 * one workflow task's message.
 */
export const CONNECTOR_INPUT_BYTES = 4 * INLINE_OUTPUT_BYTES;
/** A payload's limit, less room for its envelope: what one activity or child workflow may be sent. */
export const ACTIVITY_INPUT_BYTES = 2 * 1024 * 1024 - 64 * 1024;

/** How a size error names a step's rendered `with`. */
export const INPUTS = "the step's rendered inputs";

export const sizeError = (bound: string) => new TemplateLimitError(`${LIMIT_MESSAGE}: ${bound}`, bound);
