import { z } from "zod";
import { pageQuery } from "../../services/pagination";

// Not strict: tRPC's infinite queries add `direction` to the input.
export const alertsQuery = pageQuery.extend({ unread: z.boolean().optional() });
export type AlertsQuery = z.infer<typeof alertsQuery>;

export const markReadInput = z
  .object({ ids: z.array(z.string().min(1).max(64)).min(1, "name at least one alert").max(100) })
  .strict();
