-- Token buckets for webhook rate limits, shared by every web process: one row per workflow
-- (`wf:<id>`) and per workspace (`ws:<id>`), refilled by elapsed time at each request.
CREATE TABLE "WebhookRateBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookRateBucket_pkey" PRIMARY KEY ("key")
);
