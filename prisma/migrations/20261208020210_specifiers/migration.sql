-- AlterTable
ALTER TABLE "commit" ADD COLUMN     "specifiers" JSONB;

-- AlterTable
ALTER TABLE "contract_override" ADD COLUMN     "specifiers" JSONB;

-- AlterTable
ALTER TABLE "recurring_commit" ADD COLUMN     "specifiers" JSONB;
