import { z } from "zod";
import { checkpointStatsQuery } from "../../services/checkpoint-stats.schema";
import { importBody, templateBody } from "../../services/workflow-import";
import { pinnedSamples } from "../../services/sample-data";
import { startRunBody } from "../../services/workflow-runs";

export const bySlug = z.object({ slug: z.string().min(1) });
export const byVersion = bySlug.extend({ version: z.number().int().min(1) });
export const testRunInput = bySlug.extend(startRunBody.shape);
export const importInput = importBody;
export const templateInput = templateBody;
export const pinSamplesInput = bySlug.extend(pinnedSamples.shape).strict();
export const runAsSamplesInput = z.object({ runId: z.string().min(1) });
export const upsertInput = bySlug.extend({ definition: z.unknown() });
export const setEnabledInput = bySlug.extend({ enabled: z.boolean() });
export const setSchedulePausedInput = bySlug.extend({ paused: z.boolean() });
export const checkpointStatsInput = bySlug.extend(checkpointStatsQuery.shape);
