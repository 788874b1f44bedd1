import { router } from "./init";
import { runsRouter } from "./routers/runs";
import { workflowsRouter } from "./routers/workflows";

export const appRouter = router({ runs: runsRouter, workflows: workflowsRouter });

export type AppRouter = typeof appRouter;
