-- CreateEnum
CREATE TYPE "SmtpSessionMode" AS ENUM ('inbox', 'sandbox', 'rejected');

-- AlterEnum
ALTER TYPE "ReportKind" ADD VALUE 'message';

-- CreateTable
CREATE TABLE "smtp_sessions" (
    "id" UUID NOT NULL,
    "mode" "SmtpSessionMode" NOT NULL DEFAULT 'rejected',
    "client_ip" VARCHAR(45) NOT NULL,
    "helo" VARCHAR(255),
    "mail_from" VARCHAR(320),
    "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scenario" VARCHAR(64),
    "tls" JSONB,
    "transcript" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "smtp_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "smtp_messages" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "mail_from" VARCHAR(320),
    "recipients" TEXT[],
    "size" INTEGER NOT NULL,
    "raw" BYTEA NOT NULL,
    "message_test_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "smtp_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "smtp_sessions_created_at_idx" ON "smtp_sessions"("created_at" DESC);

-- CreateIndex
CREATE INDEX "smtp_sessions_recipients_idx" ON "smtp_sessions" USING GIN ("recipients");

-- CreateIndex
CREATE INDEX "smtp_messages_session_id_idx" ON "smtp_messages"("session_id");

-- CreateIndex
CREATE INDEX "smtp_messages_message_test_id_idx" ON "smtp_messages"("message_test_id");

-- AddForeignKey
ALTER TABLE "smtp_messages" ADD CONSTRAINT "smtp_messages_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "smtp_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "smtp_messages" ADD CONSTRAINT "smtp_messages_message_test_id_fkey" FOREIGN KEY ("message_test_id") REFERENCES "message_tests"("id") ON DELETE SET NULL ON UPDATE CASCADE;
