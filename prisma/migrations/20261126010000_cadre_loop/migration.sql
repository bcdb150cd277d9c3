-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "RecipientKind" AS ENUM ('RESIDENT', 'CADRE');

-- AlterTable
ALTER TABLE "Cadre" ADD COLUMN     "boundAt" TIMESTAMP(3),
ADD COLUMN     "contactRef" TEXT;

-- AlterTable
ALTER TABLE "Resident" ADD COLUMN     "contactRef" TEXT;

-- CreateTable
CREATE TABLE "CadreBindingCode" (
    "id" SERIAL NOT NULL,
    "cadreId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CadreBindingCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "recipientKind" "RecipientKind" NOT NULL,
    "recipientId" INTEGER NOT NULL,
    "caseId" INTEGER,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CadreBindingCode_codeHash_key" ON "CadreBindingCode"("codeHash");

-- CreateIndex
CREATE INDEX "CadreBindingCode_cadreId_idx" ON "CadreBindingCode"("cadreId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_key_key" ON "OutboxMessage"("key");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_recipientKind_recipientId_idx" ON "OutboxMessage"("recipientKind", "recipientId");

-- CreateIndex
CREATE INDEX "OutboxMessage_caseId_idx" ON "OutboxMessage"("caseId");

-- AddForeignKey
ALTER TABLE "CadreBindingCode" ADD CONSTRAINT "CadreBindingCode_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

