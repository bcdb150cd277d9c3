import { caseDay, formatCaseNumber, normaliseCaseNumber, CASE_NUMBER_PATTERN } from '../../src/domain/case-number';

describe('case numbers', () => {
  it('are the prefix, the day in the district time zone and a four-digit sequence', () => {
    expect(formatCaseNumber('GJ', '20260226', 42)).toBe('GJ-20260226-0042');
    expect(formatCaseNumber('GJ', '20260226', 12345)).toBe('GJ-20260226-12345');
    expect(CASE_NUMBER_PATTERN.test('GJ-20260226-0042')).toBe(true);
  });

  it('take the day in Asia/Shanghai, not UTC', () => {
    // 2026-02-25 17:30 UTC is already 2026-02-26 01:30 in Zigong.
    expect(caseDay(new Date('2026-02-25T17:30:00Z'), 'Asia/Shanghai')).toBe('20260226');
    expect(caseDay(new Date('2026-02-25T15:59:59Z'), 'Asia/Shanghai')).toBe('20260225');
  });

  it.each([
    ['GJ-20260226-0042', 'GJ-20260226-0042'],
    ['gj-20260226-0042', 'GJ-20260226-0042'],
    ['ＧＪ－２０２６０２２６－００４２', 'GJ-20260226-0042'],
    [' GJ 20260226 42 ', 'GJ-20260226-0042'],
    ['GJ2026022642'.replace(/^(GJ)(\d{8})(\d+)$/, '$1$2-$3'), 'GJ-20260226-0042'],
    ['GJ—20260226—0042', 'GJ-20260226-0042'],
  ])('reads what people type: %s', (typed, canonical) => {
    expect(normaliseCaseNumber(typed)).toBe(canonical);
  });

  it.each(['', 'GJ', '20260226-0042', 'GJ-2026022-0042', '案件GJ-20260226-0042', 'GJ-20260226-'])('rejects %p', (typed) => {
    expect(normaliseCaseNumber(typed)).toBeNull();
  });
});
