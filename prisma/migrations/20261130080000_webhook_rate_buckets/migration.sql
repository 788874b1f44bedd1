-- Token buckets for webhook rate limits, shared by every web process: one row per workflow
-- (`wf:<id>`) and per workspace (`ws:<id>`), refilled by elapsed time at each request. With a time
-- zone: the refill is computed from statement_timestamp(), whatever the session's zone.
CREATE TABLE "WebhookRateBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookRateBucket_pkey" PRIMARY KEY ("key")
);
