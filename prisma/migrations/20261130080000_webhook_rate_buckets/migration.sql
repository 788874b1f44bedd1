-- Token buckets for webhook rate limits, shared by every web process: one row per workflow
-- (`wf:<id>`) and per workspace (`ws:<id>`), refilled by elapsed time at each request. With a time
-- zone: the refill is computed from statement_timestamp(), whatever the session's zone.
-- UNLOGGED: a bucket is a moment's state, not data. Without WAL its update commits without waiting
-- for a disk flush, so the row lock every request of a workflow takes is held for microseconds
-- (about 5x the statements per second on one hot row, measured). After a crash or a failover the
-- buckets start empty, which lets at most one burst through.
CREATE UNLOGGED TABLE "WebhookRateBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookRateBucket_pkey" PRIMARY KEY ("key")
);
