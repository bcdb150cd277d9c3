import { planWatch, type WatchState } from '../../src/cases/time-watch';
import { isQuiet, parseQuietHours, quietEnd } from '../../src/domain/quiet-hours';

const urgent = { code: 'URGENT' as const, char: '急', label: '紧急', acceptWithinHours: 2, resolveWithinHours: 24 };
const t0 = new Date('2026-03-02T02:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
const filed = (over: Partial<WatchState> = {}): WatchState => ({
  status: 'ASSIGNED', acceptDueAt: at(2), resolveDueAt: at(24), watchPhase: null, reminded: false, escalationLevel: 0, ...over,
});

describe('watching time limits', () => {
  it('reminds at 75 % of the time to accept, then escalates a level at a time', () => {
    let state = filed();
    const seen: string[] = [];
    for (let h = 0; h <= 6; h += 0.25) {
      const plan = planWatch(state, urgent, at(h));
      if (plan.action) seen.push(`${h}:${plan.action.type}${plan.action.type === 'escalate' ? plan.action.level : ''}`);
      state = { ...state, watchPhase: plan.watchPhase, reminded: plan.reminded, escalationLevel: plan.escalationLevel };
    }
    // Remind at 1.5 h; area lead at 2 h, town at 3 h, district at 4 h; then nothing more.
    expect(seen).toEqual(['1.5:remind', '2:escalate1', '3:escalate2', '4:escalate3']);
  });

  it('says when to look next, so the job reads only what is due', () => {
    expect(planWatch(filed(), urgent, at(0)).nextCheckAt).toEqual(at(1.5));
    expect(planWatch(filed({ watchPhase: 'ACCEPT', reminded: true }), urgent, at(1.6)).nextCheckAt).toEqual(at(2));
    expect(planWatch(filed({ watchPhase: 'ACCEPT', escalationLevel: 3 }), urgent, at(9)).nextCheckAt).toBeNull();
    expect(planWatch(filed({ status: 'RESOLVED' }), urgent, at(9))).toMatchObject({ action: null, nextCheckAt: null });
  });

  it('starts afresh on the resolution deadline once accepted', () => {
    const plan = planWatch(filed({ status: 'ACCEPTED', watchPhase: 'ACCEPT', reminded: true, escalationLevel: 1 }), urgent, at(3));
    expect(plan).toMatchObject({ action: null, watchPhase: 'RESOLVE', reminded: false, escalationLevel: 0, nextCheckAt: at(18) });
  });

  it('skips a reminder that would come after the deadline', () => {
    const plan = planWatch(filed(), urgent, at(2.5));
    expect(plan.action).toEqual({ type: 'escalate', phase: 'ACCEPT', level: 1, due: at(2) });
  });
});

describe('quiet hours', () => {
  const quiet = parseQuietHours('21:00-08:00', 'Asia/Shanghai');
  it('span midnight in the district time zone', () => {
    expect(isQuiet(new Date('2026-03-02T13:30:00Z'), quiet)).toBe(true); // 21:30 in Zigong
    expect(isQuiet(new Date('2026-03-02T23:59:00Z'), quiet)).toBe(true); // 07:59
    expect(isQuiet(new Date('2026-03-03T00:00:00Z'), quiet)).toBe(false); // 08:00
    expect(isQuiet(new Date('2026-03-02T06:00:00Z'), quiet)).toBe(false); // 14:00
  });
  it('end at the next morning', () => {
    expect(quietEnd(new Date('2026-03-02T13:30:00Z'), quiet)).toEqual(new Date('2026-03-03T00:00:00Z'));
    expect(quietEnd(new Date('2026-03-02T06:00:00Z'), quiet)).toEqual(new Date('2026-03-02T06:00:00Z'));
  });
  it('can be switched off, and refuse nonsense', () => {
    expect(parseQuietHours('off', 'Asia/Shanghai')).toBeNull();
    expect(() => parseQuietHours('nine to five', 'Asia/Shanghai')).toThrow(/21:00-08:00/);
  });
});
