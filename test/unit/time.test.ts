import {
  addDays, dayEnd, partsIn, dayOf, dayStart, formatDayTime, formatMonthDay, formatShortDateTime, minuteOfDay, w3cDateTime, weekdayOf,
} from '../../src/domain/time';

describe('time in the district', () => {
  it('reads the Beijing day, clock and offset of an instant', () => {
    const at = new Date('2026-02-26T16:30:00Z'); // 00:30 on the 27th in Beijing
    expect(dayOf(at, 'Asia/Shanghai')).toBe('2026-02-27');
    expect(formatShortDateTime(at, 'Asia/Shanghai')).toBe('2月27日 00:30');
    expect(formatMonthDay(at, 'Asia/Shanghai')).toBe('2月27日');
    expect(formatDayTime(at, 'Asia/Shanghai')).toBe('2026-02-27 00:30');
    expect(w3cDateTime(at, 'Asia/Shanghai')).toBe('2026-02-27T00:30:00+08:00');
    expect(minuteOfDay(at, 'Asia/Shanghai')).toBe(30);
  });

  it('starts and ends Beijing days at local midnight', () => {
    expect(dayStart('2026-02-27', 'Asia/Shanghai').toISOString()).toBe('2026-02-26T16:00:00.000Z');
    expect(dayEnd('2026-02-27', 'Asia/Shanghai').toISOString()).toBe('2026-02-27T16:00:00.000Z');
  });

  it('keeps days right across a daylight-saving change (23 and 25 hour days)', () => {
    // Berlin: clocks go forward on 2026-03-29 and back on 2026-10-25.
    const spring = dayEnd('2026-03-29', 'Europe/Berlin').getTime() - dayStart('2026-03-29', 'Europe/Berlin').getTime();
    const autumn = dayEnd('2026-10-25', 'Europe/Berlin').getTime() - dayStart('2026-10-25', 'Europe/Berlin').getTime();
    expect(spring / 3600_000).toBe(23);
    expect(autumn / 3600_000).toBe(25);
    expect(dayStart('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(w3cDateTime(new Date('2026-07-01T10:00:00Z'), 'America/New_York')).toBe('2026-07-01T06:00:00-04:00');
    expect(dayOf(dayStart('2026-11-01', 'America/New_York'), 'America/New_York')).toBe('2026-11-01');
  });

  it('does calendar arithmetic on day strings', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekdayOf('2026-11-30')).toBe(0); // a Monday
    expect(weekdayOf('2026-11-29')).toBe(6);
  });
});

describe('the wall clock of an instant (partsIn, whose offset is kept per minute)', () => {
  const byIcu = (ms: number, timeZone: string) => {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    const p = Object.fromEntries(fmt.formatToParts(ms).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
    return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
  };

  it.each(['Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London'])(
    'reads as ICU does in %s, across the daylight-saving changes of 2026, to the second',
    (timeZone) => {
      let compared = 0;
      // Every 7 minutes and 13 seconds through the year, and each second around every change.
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 433_000) {
        expect(partsIn(ms, timeZone)).toEqual(byIcu(ms, timeZone));
        compared += 1;
      }
      for (const change of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6), Date.UTC(2026, 3, 4, 15), Date.UTC(2026, 9, 3, 15, 30), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)]) {
        for (let ms = change - 90_000; ms <= change + 90_000; ms += 1_000) expect(partsIn(new Date(ms), timeZone)).toEqual(byIcu(ms, timeZone));
      }
      expect(compared).toBeGreaterThan(70_000);
    },
  );
});
