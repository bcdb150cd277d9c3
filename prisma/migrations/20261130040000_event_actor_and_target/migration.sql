-- Who acted and whom a step called on are two things: the cadre an escalation (or assignment,
-- transfer) goes to is the event's target, never its actor.

-- AlterTable
ALTER TABLE "CaseEvent" ADD COLUMN     "targetCadreId" INTEGER;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_targetCadreId_fkey" FOREIGN KEY ("targetCadreId") REFERENCES "Cadre"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Escalations used to keep the cadre they were reported to in actorId, under a SYSTEM actor:
-- that id moves to the target (when it is still a cadre), and no SYSTEM event names an actor.
UPDATE "CaseEvent" e SET "targetCadreId" = e."actorId"
WHERE e."actorKind" = 'SYSTEM' AND e.type = 'ESCALATED' AND e."actorId" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "Cadre" c WHERE c.id = e."actorId");
UPDATE "CaseEvent" SET "actorId" = NULL WHERE "actorKind" = 'SYSTEM' AND "actorId" IS NOT NULL;

-- A reopening after an unsatisfied 回访 was the resident's act but kept no id: it is the resident
-- who answered the follow-up recorded at the same moment on the same case.
UPDATE "CaseEvent" r SET "actorId" = f."actorId"
FROM "CaseEvent" f
WHERE r.type = 'REOPENED' AND r."actorKind" = 'RESIDENT' AND r."actorId" IS NULL
  AND f."caseId" = r."caseId" AND f.type = 'FOLLOW_UP' AND f."actorKind" = 'RESIDENT' AND f."createdAt" = r."createdAt";

-- The system never acts in a person's name.
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_system_actor_is_nobody" CHECK ("actorKind" <> 'SYSTEM' OR "actorId" IS NULL);
