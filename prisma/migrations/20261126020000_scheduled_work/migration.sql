-- CreateEnum
CREATE TYPE "FollowUpAnswer" AS ENUM ('SATISFIED', 'PARTLY', 'UNSATISFIED', 'NO_REPLY');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "closeReason" TEXT,
ADD COLUMN     "escalationLevel" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "followUpDueAt" TIMESTAMP(3),
ADD COLUMN     "nextCheckAt" TIMESTAMP(3),
ADD COLUMN     "nextUpdateAt" TIMESTAMP(3),
ADD COLUMN     "reminded" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reopenedAt" TIMESTAMP(3),
ADD COLUMN     "watchPhase" TEXT;

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL,
    "remindedAt" TIMESTAMP(3),
    "answeredAt" TIMESTAMP(3),
    "answer" "FollowUpAnswer",
    "comment" TEXT,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slot" TIMESTAMP(3) NOT NULL,
    "instance" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "items" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FollowUp_caseId_idx" ON "FollowUp"("caseId");

-- CreateIndex
CREATE INDEX "FollowUp_residentId_answeredAt_idx" ON "FollowUp"("residentId", "answeredAt");

-- CreateIndex
CREATE INDEX "FollowUp_answeredAt_askedAt_idx" ON "FollowUp"("answeredAt", "askedAt");

-- CreateIndex
CREATE INDEX "JobRun_name_startedAt_idx" ON "JobRun"("name", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_name_slot_key" ON "JobRun"("name", "slot");

-- CreateIndex
CREATE INDEX "Case_nextCheckAt_idx" ON "Case"("nextCheckAt");

-- CreateIndex
CREATE INDEX "Case_nextUpdateAt_idx" ON "Case"("nextUpdateAt");

-- CreateIndex
CREATE INDEX "Case_followUpDueAt_idx" ON "Case"("followUpDueAt");

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

