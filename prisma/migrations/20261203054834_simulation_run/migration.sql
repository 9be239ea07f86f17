-- CreateEnum
CREATE TYPE "SimulationStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "simulation_run" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "status" "SimulationStatus" NOT NULL DEFAULT 'QUEUED',
    "error" TEXT,
    "rate_card_id" UUID NOT NULL,
    "rate_card_name" TEXT NOT NULL,
    "proposal_name" TEXT NOT NULL,
    "proposed_rate_card_id" UUID,
    "product_id" UUID,
    "input" JSONB NOT NULL,
    "period_at" TIMESTAMPTZ(3) NOT NULL,
    "query" JSONB NOT NULL DEFAULT '{}',
    "contracts_total" INTEGER NOT NULL DEFAULT 0,
    "contracts_done" INTEGER NOT NULL DEFAULT 0,
    "cursor" UUID,
    "worker" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "totals" JSONB,
    "created_by_id" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "simulation_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "simulation_impact" (
    "run_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "customer_name" TEXT NOT NULL,
    "contract_name" TEXT,
    "credit_type_id" UUID,
    "credit_type_name" TEXT,
    "period_start" TIMESTAMPTZ(3),
    "period_end" TIMESTAMPTZ(3),
    "charges_before" DECIMAL(65,30),
    "charges_after" DECIMAL(65,30),
    "billed_before" DECIMAL(65,30),
    "billed_after" DECIMAL(65,30),
    "magnitude" DECIMAL(65,30),
    "skipped_reason" TEXT,

    CONSTRAINT "simulation_impact_pkey" PRIMARY KEY ("run_id","contract_id")
);

-- CreateTable
CREATE TABLE "simulation_product" (
    "run_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "credit_type_id" UUID NOT NULL,
    "product_name" TEXT NOT NULL,
    "credit_type_name" TEXT NOT NULL,
    "before" DECIMAL(65,30) NOT NULL,
    "after" DECIMAL(65,30) NOT NULL,

    CONSTRAINT "simulation_product_pkey" PRIMARY KEY ("run_id","product_id","credit_type_id")
);

-- CreateIndex
CREATE INDEX "simulation_run_created_at_id_idx" ON "simulation_run"("created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "simulation_run_status_idx" ON "simulation_run"("status");

-- CreateIndex
CREATE INDEX "simulation_impact_run_id_magnitude_contract_id_idx" ON "simulation_impact"("run_id", "magnitude" DESC, "contract_id");

-- CreateIndex
CREATE INDEX "simulation_impact_run_id_customer_name_contract_id_idx" ON "simulation_impact"("run_id", "customer_name", "contract_id");

-- AddForeignKey
ALTER TABLE "simulation_impact" ADD CONSTRAINT "simulation_impact_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "simulation_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "simulation_product" ADD CONSTRAINT "simulation_product_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "simulation_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
