-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('ingest', 'read', 'full');

-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "scope" "ApiKeyScope" NOT NULL DEFAULT 'full';

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "portal_epoch" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "sign_in_failure" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sign_in_failure_email_created_at_idx" ON "sign_in_failure"("email", "created_at");

-- CreateIndex
CREATE INDEX "sign_in_failure_address_created_at_idx" ON "sign_in_failure"("address", "created_at");
