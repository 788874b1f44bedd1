import { z } from "zod";

export const connectorBySlug = z.object({ slug: z.string().min(1) });
