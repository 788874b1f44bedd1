import { router } from "./init";
import { alertsRouter } from "./routers/alerts";
import { approvalsRouter } from "./routers/approvals";
import { auditRouter } from "./routers/audit";
import { connectionsRouter } from "./routers/connections";
import { connectorsRouter } from "./routers/connectors";
import { editorRouter } from "./routers/editor";
import { eventsRouter } from "./routers/events";
import { runsRouter } from "./routers/runs";
import { settingsRouter } from "./routers/settings";
import { workflowsRouter } from "./routers/workflows";
import { workspacesRouter } from "./routers/workspaces";

export const appRouter = router({
  alerts: alertsRouter,
  approvals: approvalsRouter,
  audit: auditRouter,
  connections: connectionsRouter,
  connectors: connectorsRouter,
  editor: editorRouter,
  events: eventsRouter,
  runs: runsRouter,
  settings: settingsRouter,
  workflows: workflowsRouter,
  workspaces: workspacesRouter,
});

export type AppRouter = typeof appRouter;
