import { ApplicationFailure } from "@temporalio/common";
import type { RunInput } from "../interpreter/contract";
import { jsonBytes, MAX_RUN_INPUT_BYTES, runInputOf, storedRunSelect } from "../runs";
import { bookkeeping } from "./database";
import type { ActivityDeps } from "./deps";

/** For runs started with their id only (see startInputOf): the input too large to pass in the start request. */
export function createLoadRunActivities(deps: Pick<ActivityDeps, "db" | "databasePatienceMs">) {
  return {
    async loadRunInput({ runId }: { runId: string }): Promise<RunInput> {
      const input = runInputOf(
        await bookkeeping(deps, () => deps.db.run.findUniqueOrThrow({ where: { id: runId }, select: storedRunSelect })),
      );
      const bytes = jsonBytes(input);
      // Temporal would refuse the result anyway, with a message that names neither the run nor the sizes.
      if (bytes > MAX_RUN_INPUT_BYTES) {
        throw ApplicationFailure.nonRetryable(
          `the run's input (definition, trigger event and reused outputs) takes ${bytes} bytes as JSON, over the ${MAX_RUN_INPUT_BYTES} bytes a run can carry`,
          "RunInputTooLarge",
        );
      }
      return input;
    },
  };
}
