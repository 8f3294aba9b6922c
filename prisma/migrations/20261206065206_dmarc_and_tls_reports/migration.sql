-- CreateEnum
CREATE TYPE "ReceivedReportKind" AS ENUM ('aggregate', 'tls');

-- CreateTable
CREATE TABLE "received_reports" (
    "id" UUID NOT NULL,
    "kind" "ReceivedReportKind" NOT NULL,
    "org_name" VARCHAR(255) NOT NULL,
    "report_id" VARCHAR(255) NOT NULL,
    "domain" VARCHAR(253) NOT NULL,
    "email" VARCHAR(320),
    "begin_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "policy" JSONB,
    "message_count" BIGINT NOT NULL DEFAULT 0,
    "record_count" INTEGER NOT NULL DEFAULT 0,
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "source" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "received_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dmarc_records" (
    "id" BIGSERIAL NOT NULL,
    "report_db_id" UUID NOT NULL,
    "domain" VARCHAR(253) NOT NULL,
    "day" DATE NOT NULL,
    "source_ip" VARCHAR(45) NOT NULL,
    "count" INTEGER NOT NULL,
    "disposition" VARCHAR(32) NOT NULL,
    "dkim_aligned" BOOLEAN NOT NULL,
    "spf_aligned" BOOLEAN NOT NULL,
    "dkim_result" VARCHAR(32) NOT NULL,
    "spf_result" VARCHAR(32) NOT NULL,
    "header_from" VARCHAR(253),
    "envelope_from" VARCHAR(253),
    "auth" JSONB NOT NULL,

    CONSTRAINT "dmarc_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tls_policy_results" (
    "id" BIGSERIAL NOT NULL,
    "report_db_id" UUID NOT NULL,
    "domain" VARCHAR(253) NOT NULL,
    "day" DATE NOT NULL,
    "org_name" VARCHAR(255) NOT NULL,
    "policy_type" VARCHAR(32) NOT NULL,
    "mx_host" VARCHAR(1000),
    "successful" BIGINT NOT NULL,
    "failed" BIGINT NOT NULL,
    "failures" JSONB NOT NULL,

    CONSTRAINT "tls_policy_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_ip_names" (
    "ip" VARCHAR(45) NOT NULL,
    "ptr" VARCHAR(253),
    "org_domain" VARCHAR(253),
    "service" VARCHAR(100) NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_ip_names_pkey" PRIMARY KEY ("ip")
);

-- CreateIndex
CREATE INDEX "received_reports_domain_begin_at_idx" ON "received_reports"("domain", "begin_at");

-- CreateIndex
CREATE UNIQUE INDEX "received_reports_kind_org_name_report_id_key" ON "received_reports"("kind", "org_name", "report_id");

-- CreateIndex
CREATE INDEX "dmarc_records_report_db_id_idx" ON "dmarc_records"("report_db_id");

-- CreateIndex
CREATE INDEX "dmarc_records_domain_day_idx" ON "dmarc_records"("domain", "day");

-- CreateIndex
CREATE INDEX "dmarc_records_domain_source_ip_idx" ON "dmarc_records"("domain", "source_ip");

-- CreateIndex
CREATE INDEX "tls_policy_results_report_db_id_idx" ON "tls_policy_results"("report_db_id");

-- CreateIndex
CREATE INDEX "tls_policy_results_domain_day_idx" ON "tls_policy_results"("domain", "day");

-- AddForeignKey
ALTER TABLE "dmarc_records" ADD CONSTRAINT "dmarc_records_report_db_id_fkey" FOREIGN KEY ("report_db_id") REFERENCES "received_reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tls_policy_results" ADD CONSTRAINT "tls_policy_results_report_db_id_fkey" FOREIGN KEY ("report_db_id") REFERENCES "received_reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
