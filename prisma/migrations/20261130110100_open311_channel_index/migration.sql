-- CreateIndex
CREATE INDEX "Case_channel_createdAt_idx" ON "Case"("channel", "createdAt");

