-- DropIndex
DROP INDEX "usage_rollup_metric_id_hour_idx";
