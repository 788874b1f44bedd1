import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";

export interface WebhookAnswer {
  runId: string;
  stepId: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function createPublishResponseActivities(deps: Pick<ActivityDeps, "db" | "databasePatienceMs">) {
  return {
    /**
     * Stores a core.respond step's answer for the sync webhook waiting on its run (the insert
     * wakes it: migration run_responses). The first answer of a run stands; a retried attempt or a
     * second respond step changes nothing.
     */
    async publishResponse(answer: WebhookAnswer): Promise<void> {
      await bookkeeping(
        deps,
        () =>
          deps.db.$executeRaw`
          INSERT INTO "RunResponse" ("runId", "stepId", status, headers, body)
          VALUES (${answer.runId}, ${answer.stepId}, ${answer.status},
            ${JSON.stringify(answer.headers)}::jsonb, ${JSON.stringify(answer.body ?? null)}::jsonb)
          ON CONFLICT ("runId") DO NOTHING`,
      );
    },
  };
}
