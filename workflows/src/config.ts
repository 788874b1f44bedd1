import { z } from "zod";

/** Temporal settings shared by the web and the worker env schemas. */
export const temporalEnv = {
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, "TEMPORAL_ADDRESS must be host:port")
    .default("127.0.0.1:7233"),
  TEMPORAL_NAMESPACE: z.string().min(1).default("default"),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default("switchyard"),
};
