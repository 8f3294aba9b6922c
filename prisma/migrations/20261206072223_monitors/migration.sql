-- CreateTable
CREATE TABLE "monitors" (
    "id" UUID NOT NULL,
    "slug" VARCHAR(32) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "domain" VARCHAR(253) NOT NULL,
    "ips" VARCHAR(45)[],
    "selectors" VARCHAR(63)[],
    "interval_minutes" INTEGER NOT NULL,
    "webhook_url" VARCHAR(2000),
    "webhook_secret" VARCHAR(128),
    "email" VARCHAR(320),
    "next_run_at" TIMESTAMPTZ(3) NOT NULL,
    "last_run_at" TIMESTAMPTZ(3),
    "last_change_at" TIMESTAMPTZ(3),
    "run_seq" INTEGER NOT NULL DEFAULT 0,
    "last_snapshot" JSONB,
    "last_score" INTEGER,
    "last_grade" VARCHAR(4),
    "last_report_slug" VARCHAR(32),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitor_runs" (
    "id" UUID NOT NULL,
    "monitor_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "ran_at" TIMESTAMPTZ(3) NOT NULL,
    "score" INTEGER,
    "grade" VARCHAR(4),
    "report_slug" VARCHAR(32),
    "alert_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "monitor_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitor_alerts" (
    "id" UUID NOT NULL,
    "monitor_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "webhook_at" TIMESTAMPTZ(3),
    "webhook_error" VARCHAR(500),
    "email_at" TIMESTAMPTZ(3),
    "email_error" VARCHAR(500),

    CONSTRAINT "monitor_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "monitors_slug_key" ON "monitors"("slug");

-- CreateIndex
CREATE INDEX "monitors_next_run_at_idx" ON "monitors"("next_run_at");

-- CreateIndex
CREATE UNIQUE INDEX "monitor_runs_monitor_id_seq_key" ON "monitor_runs"("monitor_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "monitor_alerts_monitor_id_seq_key" ON "monitor_alerts"("monitor_id", "seq");

-- AddForeignKey
ALTER TABLE "monitor_runs" ADD CONSTRAINT "monitor_runs_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitor_alerts" ADD CONSTRAINT "monitor_alerts_monitor_id_fkey" FOREIGN KEY ("monitor_id") REFERENCES "monitors"("id") ON DELETE CASCADE ON UPDATE CASCADE;
