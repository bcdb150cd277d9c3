-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AreaKind" AS ENUM ('DISTRICT', 'TOWN', 'SUBDISTRICT', 'VILLAGE', 'COMMUNITY');

-- CreateEnum
CREATE TYPE "CadreRole" AS ENUM ('GRID_WORKER', 'VILLAGE_CADRE', 'BRANCH_SECRETARY', 'TOWN_CADRE', 'SUPERVISOR');

-- CreateEnum
CREATE TYPE "Ledger" AS ENUM ('LIVELIHOOD', 'HARDSHIP', 'STABILITY', 'VILLAGE_AFFAIRS', 'SENTIMENT', 'PARTY_AFFAIRS');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('URGENT', 'SERIOUS', 'DEFERRABLE', 'MINOR');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('FILED', 'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED', 'DUPLICATE');

-- CreateEnum
CREATE TYPE "CaseEventType" AS ENUM ('FILED', 'ASSIGNED', 'ACCEPTED', 'PROGRESS', 'TRANSFERRED', 'REMINDED', 'ESCALATED', 'RESOLVED', 'FOLLOW_UP', 'REOPENED', 'CLOSED', 'ATTACHMENT');

-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('RESIDENT', 'CADRE', 'SYSTEM');

-- CreateTable
CREATE TABLE "Area" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AreaKind" NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "parentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Area_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cadre" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "role" "CadreRole" NOT NULL,
    "areaId" INTEGER NOT NULL,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "isLead" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "wechatKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Cadre_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resident" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "channelKey" TEXT NOT NULL,
    "displayName" TEXT,
    "phone" TEXT,
    "areaId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" SERIAL NOT NULL,
    "caseNumber" TEXT NOT NULL,
    "ledger" "Ledger" NOT NULL,
    "category" TEXT NOT NULL,
    "priority" "Priority" NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'FILED',
    "description" TEXT NOT NULL,
    "locationText" TEXT NOT NULL DEFAULT '',
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "households" INTEGER,
    "contactPhone" TEXT,
    "classifierWords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "areaId" INTEGER NOT NULL,
    "residentId" INTEGER,
    "assigneeId" INTEGER,
    "confirmMessageId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "acceptDueAt" TIMESTAMP(3) NOT NULL,
    "resolveDueAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "type" "CaseEventType" NOT NULL,
    "actorKind" "ActorKind" NOT NULL,
    "actorId" INTEGER,
    "fromStatus" "CaseStatus",
    "toStatus" "CaseStatus",
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseAttachment" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseNumberCounter" (
    "prefix" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "CaseNumberCounter_pkey" PRIMARY KEY ("prefix","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "Area_code_key" ON "Area"("code");

-- CreateIndex
CREATE INDEX "Area_parentId_idx" ON "Area"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Cadre_code_key" ON "Cadre"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Cadre_wechatKey_key" ON "Cadre"("wechatKey");

-- CreateIndex
CREATE INDEX "Cadre_areaId_idx" ON "Cadre"("areaId");

-- CreateIndex
CREATE UNIQUE INDEX "Resident_channel_channelKey_key" ON "Resident"("channel", "channelKey");

-- CreateIndex
CREATE UNIQUE INDEX "Case_caseNumber_key" ON "Case"("caseNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Case_confirmMessageId_key" ON "Case"("confirmMessageId");

-- CreateIndex
CREATE INDEX "Case_residentId_createdAt_idx" ON "Case"("residentId", "createdAt");

-- CreateIndex
CREATE INDEX "Case_ledger_createdAt_idx" ON "Case"("ledger", "createdAt");

-- CreateIndex
CREATE INDEX "Case_areaId_status_idx" ON "Case"("areaId", "status");

-- CreateIndex
CREATE INDEX "Case_assigneeId_status_idx" ON "Case"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Case_status_resolveDueAt_idx" ON "Case"("status", "resolveDueAt");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_createdAt_idx" ON "CaseEvent"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "CaseAttachment_caseId_idx" ON "CaseAttachment"("caseId");

-- AddForeignKey
ALTER TABLE "Area" ADD CONSTRAINT "Area_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Area"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cadre" ADD CONSTRAINT "Cadre_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "Area"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "Area"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "Area"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Cadre"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAttachment" ADD CONSTRAINT "CaseAttachment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

