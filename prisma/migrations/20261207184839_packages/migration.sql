-- AlterTable
ALTER TABLE "contract" ADD COLUMN     "package_id" UUID;

-- CreateTable
CREATE TABLE "package" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "aliases" JSONB NOT NULL DEFAULT '[]',
    "terms" JSONB NOT NULL,
    "uniqueness_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "package_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "package_uniqueness_key_key" ON "package"("uniqueness_key");

-- CreateIndex
CREATE INDEX "package_created_at_id_idx" ON "package"("created_at", "id");

-- CreateIndex
CREATE INDEX "contract_package_id_idx" ON "contract"("package_id");

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_package_id_fkey" FOREIGN KEY ("package_id") REFERENCES "package"("id") ON DELETE SET NULL ON UPDATE CASCADE;
