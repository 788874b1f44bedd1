import { router } from "./init";
import { runsRouter } from "./routers/runs";

export const appRouter = router({ runs: runsRouter });

export type AppRouter = typeof appRouter;
