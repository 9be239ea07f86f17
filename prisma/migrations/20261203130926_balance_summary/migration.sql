-- CreateTable
CREATE TABLE "balance_summary" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "tracked" BIGINT NOT NULL DEFAULT 0,
    "low" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "balance_summary_pkey" PRIMARY KEY ("id")
);

-- The counts of what the refresh has stored so far (0.2: LOW_BALANCE_SHARE).
INSERT INTO "balance_summary" ("id", "tracked", "low")
SELECT 1, count(*), count(*) FILTER (WHERE "remaining_share" < 0.2) FROM "stored_balance";
