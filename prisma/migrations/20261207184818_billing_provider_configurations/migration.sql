-- AlterTable
ALTER TABLE "billing_provider" ADD COLUMN     "archived_at" TIMESTAMPTZ(3),
ADD COLUMN     "configuration" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "delivery_method" TEXT NOT NULL DEFAULT 'direct_to_billing_provider',
ADD COLUMN     "delivery_method_id" UUID;

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "salesforce_account_id" TEXT;

-- CreateTable
CREATE TABLE "delivery_method" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "provider" TEXT NOT NULL,
    "delivery_method" TEXT NOT NULL,
    "configuration" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_method_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delivery_method_created_at_id_idx" ON "delivery_method"("created_at", "id");

-- AddForeignKey
ALTER TABLE "billing_provider" ADD CONSTRAINT "billing_provider_delivery_method_id_fkey" FOREIGN KEY ("delivery_method_id") REFERENCES "delivery_method"("id") ON DELETE SET NULL ON UPDATE CASCADE;
