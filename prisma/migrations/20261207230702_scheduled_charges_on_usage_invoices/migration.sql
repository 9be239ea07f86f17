-- AlterTable
ALTER TABLE "contract" ADD COLUMN     "scheduled_charges_on_usage_invoices" BOOLEAN NOT NULL DEFAULT false;
