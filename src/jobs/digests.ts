import { formatShortDateTime } from '../domain/time';
import { priorityRank } from '../domain/ledger';
import { type DigestLine, scheduled } from '../messages/zh-CN';
import { enqueue } from '../outbox/enqueue';
import { OPEN_STATUSES } from '../domain/case-status';
import { caseDay } from '../domain/case-number';
import { assess } from '../assessment/rates';
import type { CaseDeps } from '../cases/case-change';

/** The digests read the ledgers and write notices; they change no case. */
export type DigestDeps = Pick<CaseDeps, 'db' | 'district'>;

const DIGEST_LINES = 8;

/** Each morning, every bound cadre with open cases gets the list, overdue and most urgent first. */
export async function sendCadreDigests(deps: DigestDeps, now: Date): Promise<number> {
  const day = caseDay(now, deps.district.timeZone);
  const cadres = await deps.db.cadre.findMany({ where: { active: true, wechatKey: { not: null } }, select: { id: true } });
  let handled = 0;
  for (const cadre of cadres) {
    const open = await deps.db.case.findMany({
      where: { assigneeId: cadre.id, status: { in: [...OPEN_STATUSES] } },
      select: { caseNumber: true, priority: true, status: true, acceptDueAt: true, resolveDueAt: true, description: true },
    });
    if (open.length === 0) continue;
    const dueOf = (c: (typeof open)[number]) => (c.status === 'ASSIGNED' || c.status === 'REOPENED' ? c.acceptDueAt : c.resolveDueAt);
    const lines: DigestLine[] = open
      .map((c) => ({ c, due: dueOf(c), overdue: dueOf(c) < now }))
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || priorityRank(a.c.priority) - priorityRank(b.c.priority) || a.due.getTime() - b.due.getTime())
      .map(({ c, due, overdue }) => ({
        caseNumber: c.caseNumber,
        priorityChar: deps.district.priority(c.priority).char,
        overdue,
        due: formatShortDateTime(due, deps.district.timeZone),
        summary: c.description,
      }));
    const overdue = lines.filter((l) => l.overdue).length;
    await deps.db.$transaction((tx) =>
      enqueue(tx, [
        {
          key: `digest:${cadre.id}:${day}`,
          recipient: { kind: 'CADRE', id: cadre.id },
          kind: 'cadre.digest',
          text: scheduled.cadreDigest(lines.slice(0, DIGEST_LINES), lines.length, overdue),
        },
      ], now),
    );
    handled++;
  }
  return handled;
}

/** Each week, the district's supervisors get the week's counts and the three rates. */
export async function sendWeeklySummary(deps: DigestDeps, now: Date): Promise<number> {
  const to = now;
  const from = new Date(now.getTime() - 7 * 24 * 3_600_000);
  const f = await assess(deps.db, { from, to, now, roles: deps.district.data.categoryRoles });
  const supervisors = await deps.db.cadre.findMany({ where: { active: true, role: 'SUPERVISOR' }, select: { id: true } });
  const tz = deps.district.timeZone;
  const text = scheduled.weeklySummary({
    from: formatShortDateTime(from, tz),
    to: formatShortDateTime(to, tz),
    filed: f.filed,
    resolved: f.resolved,
    overdue: f.overdue,
    reopened: f.reopened,
    responseRate: f.responseRate,
    resolutionRate: f.resolutionRate,
    satisfactionRate: f.satisfactionRate,
  });
  const week = caseDay(now, tz);
  await deps.db.$transaction((tx) =>
    enqueue(tx, supervisors.map((s) => ({ key: `weekly:${s.id}:${week}`, recipient: { kind: 'CADRE' as const, id: s.id }, kind: 'cadre.weekly', text })), now),
  );
  return supervisors.length;
}
