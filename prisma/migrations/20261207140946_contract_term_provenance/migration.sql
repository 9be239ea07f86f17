-- AlterTable
ALTER TABLE "commit" ADD COLUMN     "edit_id" UUID;

-- AlterTable
ALTER TABLE "contract_override" ADD COLUMN     "edit_id" UUID;

-- AlterTable
ALTER TABLE "scheduled_charge" ADD COLUMN     "custom_fields" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "edit_id" UUID;

-- AlterTable
ALTER TABLE "subscription" ADD COLUMN     "description" TEXT;
