-- CreateEnum
CREATE TYPE "ReportKind" AS ENUM ('domain', 'ip', 'bounce');

-- CreateEnum
CREATE TYPE "MessageTestStatus" AS ENUM ('waiting', 'received');

-- CreateTable
CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "slug" VARCHAR(32) NOT NULL,
    "kind" "ReportKind" NOT NULL,
    "domain" VARCHAR(253),
    "ip" VARCHAR(45),
    "input" JSONB NOT NULL,
    "score" INTEGER NOT NULL,
    "grade" VARCHAR(4) NOT NULL,
    "scoring_version" VARCHAR(32) NOT NULL,
    "results" JSON NOT NULL,
    "dns_log" JSON NOT NULL,
    "previous_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_tests" (
    "id" UUID NOT NULL,
    "slug" VARCHAR(32) NOT NULL,
    "address" VARCHAR(320) NOT NULL,
    "status" "MessageTestStatus" NOT NULL DEFAULT 'waiting',
    "report_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_tests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reports_slug_key" ON "reports"("slug");

-- CreateIndex
CREATE INDEX "reports_domain_created_at_idx" ON "reports"("domain", "created_at" DESC);

-- CreateIndex
CREATE INDEX "reports_ip_created_at_idx" ON "reports"("ip", "created_at" DESC);

-- CreateIndex
CREATE INDEX "reports_previous_id_idx" ON "reports"("previous_id");

-- CreateIndex
CREATE UNIQUE INDEX "message_tests_slug_key" ON "message_tests"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "message_tests_address_key" ON "message_tests"("address");

-- CreateIndex
CREATE INDEX "message_tests_report_id_idx" ON "message_tests"("report_id");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_previous_id_fkey" FOREIGN KEY ("previous_id") REFERENCES "reports"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_tests" ADD CONSTRAINT "message_tests_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE SET NULL ON UPDATE CASCADE;
