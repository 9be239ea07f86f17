-- AlterTable
ALTER TABLE "commit" ADD COLUMN     "invoice_contract_id" UUID;
