-- CreateIndex
CREATE INDEX "Case_category_status_createdAt_idx" ON "Case"("category", "status", "createdAt");

