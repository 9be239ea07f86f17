-- AlterTable
ALTER TABLE "metering_catalog" ADD COLUMN     "rolled_at" TIMESTAMPTZ(3);
