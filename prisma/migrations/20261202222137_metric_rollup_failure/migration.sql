-- AlterTable
ALTER TABLE "billable_metric" ADD COLUMN     "rollup_error" TEXT,
ADD COLUMN     "rollup_failed_at" TIMESTAMPTZ(3);
