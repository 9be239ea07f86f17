-- CreateTable
CREATE TABLE "usage_event_duplicate" (
    "transaction_id" TEXT NOT NULL,
    "copies" INTEGER NOT NULL,
    "customer_alias" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "last_received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_event_duplicate_pkey" PRIMARY KEY ("transaction_id")
);
