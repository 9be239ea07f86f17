-- AlterTable
ALTER TABLE "outbox_event" ADD COLUMN     "dedupe_key" TEXT;

-- AlterTable
ALTER TABLE "webhook_endpoint" ADD COLUMN     "description" TEXT;

-- CreateTable
CREATE TABLE "webhook_attempt" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "delivery_id" UUID NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,
    "status" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "webhook_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_sync" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "invoice_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "external_id" TEXT,
    "last_error" TEXT,
    "synced_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_sync_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_attempt_delivery_id_attempted_at_idx" ON "webhook_attempt"("delivery_id", "attempted_at");

-- CreateIndex
CREATE INDEX "invoice_sync_status_next_attempt_at_idx" ON "invoice_sync"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_sync_invoice_id_provider_key" ON "invoice_sync"("invoice_id", "provider");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_dedupe_key_key" ON "outbox_event"("dedupe_key");

-- AddForeignKey
ALTER TABLE "webhook_attempt" ADD CONSTRAINT "webhook_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_sync" ADD CONSTRAINT "invoice_sync_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;
