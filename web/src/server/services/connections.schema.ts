import { z } from "zod";

/** New credentials for a key-based connection (REST and tRPC alike); checked against its connector's auth. */
export const credentialsBody = z.object({ credentials: z.record(z.string(), z.unknown()) });
