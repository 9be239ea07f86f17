-- CreateEnum
CREATE TYPE "ContractTransitionType" AS ENUM ('RENEWAL', 'SUPERSEDE');

-- AlterTable
ALTER TABLE "contract" ADD COLUMN     "total_contract_value" DECIMAL(65,30),
ADD COLUMN     "transition_from_id" UUID,
ADD COLUMN     "transition_type" "ContractTransitionType";

-- CreateIndex
CREATE UNIQUE INDEX "contract_transition_from_id_key" ON "contract"("transition_from_id");

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_transition_from_id_fkey" FOREIGN KEY ("transition_from_id") REFERENCES "contract"("id") ON DELETE SET NULL ON UPDATE CASCADE;
