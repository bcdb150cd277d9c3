-- CreateEnum
CREATE TYPE "VisitKind" AS ENUM ('BRANCH_SECRETARY', 'ENTERPRISE', 'SERVICE_RECIPIENT', 'HARDSHIP_GROUP', 'ORDINARY_RESIDENT');

-- AlterEnum
ALTER TYPE "CaseEventType" ADD VALUE 'JOINED';

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "reporterCount" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "visitId" INTEGER;

-- CreateTable
CREATE TABLE "CaseReporter" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "residentId" INTEGER,
    "households" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseReporter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" SERIAL NOT NULL,
    "kind" "VisitKind" NOT NULL,
    "cadreId" INTEGER NOT NULL,
    "areaId" INTEGER NOT NULL,
    "visitee" TEXT NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "opinions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "problems" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "opinionCount" INTEGER NOT NULL DEFAULT 0,
    "problemCount" INTEGER NOT NULL DEFAULT 0,
    "confirmMessageId" TEXT NOT NULL,
    "visitedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseReporter_residentId_idx" ON "CaseReporter"("residentId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReporter_caseId_residentId_key" ON "CaseReporter"("caseId", "residentId");

-- CreateIndex
CREATE UNIQUE INDEX "Visit_confirmMessageId_key" ON "Visit"("confirmMessageId");

-- CreateIndex
CREATE INDEX "Visit_visitedAt_idx" ON "Visit"("visitedAt");

-- CreateIndex
CREATE INDEX "Visit_areaId_visitedAt_idx" ON "Visit"("areaId", "visitedAt");

-- CreateIndex
CREATE INDEX "Visit_cadreId_visitedAt_idx" ON "Visit"("cadreId", "visitedAt");

-- CreateIndex
CREATE INDEX "Case_areaId_category_status_createdAt_idx" ON "Case"("areaId", "category", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Case_visitId_idx" ON "Case"("visitId");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseReporter" ADD CONSTRAINT "CaseReporter_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseReporter" ADD CONSTRAINT "CaseReporter_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "Area"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

