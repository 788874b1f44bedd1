-- A sync webhook's answer, written by its run's core.respond step. Its insert is announced on
-- the channel finished runs use (migration run_finished_notify), so the request waiting on the
-- run wakes at once. Semicolons inside the function body are \073 for the same reason as there.
CREATE TABLE "RunResponse" (
    "runId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "headers" JSONB NOT NULL,
    "body" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunResponse_pkey" PRIMARY KEY ("runId")
);

ALTER TABLE "RunResponse" ADD CONSTRAINT "RunResponse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE FUNCTION switchyard_notify_run_response() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN PERFORM pg_notify(''switchyard_run_finished'', NEW."runId")\073 RETURN NULL\073 END\073';

CREATE TRIGGER run_response_notify
  AFTER INSERT ON "RunResponse"
  FOR EACH ROW
  EXECUTE FUNCTION switchyard_notify_run_response();
