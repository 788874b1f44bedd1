import { router } from "./init";
import { approvalsRouter } from "./routers/approvals";
import { runsRouter } from "./routers/runs";
import { workflowsRouter } from "./routers/workflows";

export const appRouter = router({ approvals: approvalsRouter, runs: runsRouter, workflows: workflowsRouter });

export type AppRouter = typeof appRouter;
