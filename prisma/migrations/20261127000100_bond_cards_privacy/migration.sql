-- AlterTable
ALTER TABLE "Resident" ADD COLUMN     "bondCardId" INTEGER,
ADD COLUMN     "consentAt" TIMESTAMP(3),
ADD COLUMN     "erasedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "BondCard" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "areaId" INTEGER NOT NULL,
    "cadreId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "BondCard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BondCard_code_key" ON "BondCard"("code");

-- CreateIndex
CREATE INDEX "BondCard_areaId_idx" ON "BondCard"("areaId");

-- CreateIndex
CREATE INDEX "BondCard_cadreId_idx" ON "BondCard"("cadreId");

-- CreateIndex
CREATE INDEX "Resident_bondCardId_idx" ON "Resident"("bondCardId");

-- CreateIndex
CREATE INDEX "Case_anonymisedAt_closedAt_idx" ON "Case"("anonymisedAt", "closedAt");

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_bondCardId_fkey" FOREIGN KEY ("bondCardId") REFERENCES "BondCard"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BondCard" ADD CONSTRAINT "BondCard_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "Area"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BondCard" ADD CONSTRAINT "BondCard_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

