-- CreateIndex
CREATE INDEX "Case_resolvedAt_idx" ON "Case"("resolvedAt");

-- CreateIndex
CREATE INDEX "Case_resolveDueAt_idx" ON "Case"("resolveDueAt");

-- CreateIndex
CREATE INDEX "Case_reopenedAt_idx" ON "Case"("reopenedAt");

