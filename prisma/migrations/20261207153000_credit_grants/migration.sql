-- AlterTable
ALTER TABLE "commit" ADD COLUMN     "credit_grant" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "credit_grant_type" TEXT,
ADD COLUMN     "paid_credit_type_id" UUID;
