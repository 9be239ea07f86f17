-- CreateEnum
CREATE TYPE "SeatChangeKind" AS ENUM ('ADD_SEAT_IDS', 'REMOVE_SEAT_IDS', 'ADD_UNASSIGNED', 'REMOVE_UNASSIGNED');

-- AlterTable
ALTER TABLE "subscription" ADD COLUMN     "seat_group_key" TEXT;

-- CreateTable
CREATE TABLE "subscription_seat_change" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "SeatChangeKind" NOT NULL,
    "starting_at" TIMESTAMPTZ(3) NOT NULL,
    "seat_ids" TEXT[],
    "quantity" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_seat_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscription_seat_change_subscription_id_position_key" ON "subscription_seat_change"("subscription_id", "position");

-- AddForeignKey
ALTER TABLE "subscription_seat_change" ADD CONSTRAINT "subscription_seat_change_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;
