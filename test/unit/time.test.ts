import {
  addDays, dayEnd, dayOf, dayStart, formatDayTime, formatMonthDay, formatShortDateTime, minuteOfDay, w3cDateTime, weekdayOf,
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
