-- A run that reaches a final status says so on the channel `switchyard_run_finished` (its id as
-- the payload), whoever wrote it: waiters (GET /api/v1/runs/<id>?wait=30s) listen on one
-- connection per web process instead of polling the table. NOTIFY is sent on commit only.
--
-- The body is an E'' string with each semicolon written \073: Prisma's pg adapter runs a
-- migration by splitting it at every semicolon, dollar quotes or not.
CREATE FUNCTION switchyard_notify_run_finished() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN PERFORM pg_notify(''switchyard_run_finished'', NEW.id)\073 RETURN NULL\073 END\073';

CREATE TRIGGER run_finished_notify
  AFTER UPDATE OF status ON "Run"
  FOR EACH ROW
  WHEN (
    NEW.status IS DISTINCT FROM OLD.status
    AND NEW.status IN ('succeeded', 'failed', 'partially_succeeded', 'cancelled', 'failed_to_start')
  )
  EXECUTE FUNCTION switchyard_notify_run_finished();
