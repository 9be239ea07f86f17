-- CreateEnum
CREATE TYPE "NamedScheduleEntity" AS ENUM ('customer', 'contract', 'rate_card');

-- AlterTable
ALTER TABLE "rate_card" ADD COLUMN     "product_order" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "named_schedule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "entity_type" "NamedScheduleEntity" NOT NULL,
    "entity_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "segments" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "named_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "named_schedule_entity_type_entity_id_name_key" ON "named_schedule"("entity_type", "entity_id", "name");
