-- AlterTable: each monitor's dmarc+<token>@ address (existing monitors get a random token)
ALTER TABLE "monitors" ADD COLUMN "report_token" VARCHAR(32);
UPDATE "monitors" SET "report_token" = substr(md5(random()::text || "id"::text), 1, 24) WHERE "report_token" IS NULL;
ALTER TABLE "monitors" ALTER COLUMN "report_token" SET NOT NULL;

-- AlterTable
ALTER TABLE "received_reports" ADD COLUMN "monitor_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "monitors_report_token_key" ON "monitors"("report_token");

-- CreateIndex
CREATE INDEX "received_reports_monitor_id_idx" ON "received_reports"("monitor_id");

-- AddForeignKey
ALTER TABLE "received_reports" ADD CONSTRAINT "received_reports_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitors"("id") ON DELETE SET NULL ON UPDATE CASCADE;
