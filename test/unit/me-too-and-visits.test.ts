import { afterEffect } from '../../src/dialogue/intake';
import { closeness, samePlace } from '../../src/cases/similar-cases';
import { parseSelection, splitItems, startVisit, visitTurn } from '../../src/visits/visit-dialogue';
import { areas, Resident, SEWER } from './dialogue-fixtures';

describe('the same place', () => {
  it('is decided by house, building and group numbers when both places have them', () => {
    expect(samePlace('向阳社区花园路1栋', '花园路1栋门口')).toBe(true);
    expect(samePlace('向阳社区花园路4栋', '向阳社区花园路88栋')).toBe(false);
    expect(samePlace('团结村3组', '团结村7组')).toBe(false);
    expect(samePlace('花园路', '花园路1栋')).toBe(true);
    expect(samePlace('花园社区5栋', '花园社区5栋2单元')).toBe(true);
    expect(samePlace('花园社区89栋2单元', '花园社区5栋2单元')).toBe(false);
  });
});

describe('word closeness (character bigrams)', () => {
  it('finds two wordings of a blocked drain close, and a drain and rubbish far apart', () => {
    expect(closeness('阴沟堵了，污水流到巷子里', '巷子里阴沟堵塞，污水外流，臭得很')).toBeGreaterThanOrEqual(0.3);
    expect(closeness('垃圾堆了好几天没人清', '阴沟堵塞，污水外流')).toBe(0);
    expect(closeness('', '阴沟')).toBe(0);
  });
});

describe('我也遇到 in the dialogue', () => {
  it('asks the router once after the location step, shows a neutral summary, and joins on yes with the households and a phone', () => {
    const r = new Resident(null, undefined, { meToo: true });
    r.send(SEWER, '是');
    const atPlace = r.send('向阳社区花园路1栋');
    expect(atPlace.effects).toEqual([expect.objectContaining({ type: 'findSimilarCase', areaCode: 'GJ-XX-XY', categoryCode: 'DRAINAGE' })]);
    // Households are not reporters: 2 residents reported, 12 households between them.
    const offer = { caseNumber: 'GJ-20260226-0042', place: '向阳社区花园路1栋', categoryName: '排水污水', reporters: 2, households: 12, open: '正在处理' };
    const shown = afterEffect(r.session!, { type: 'similarCase', found: offer }, r.ctx());
    expect(shown.replies.join('')).toContain('向阳社区花园路1栋，排水污水，正在处理。已有 2 位居民反映，共约 12 户');
    r.session = shown.session;
    expect(r.send('是').replies.join('')).toMatch(/多少户/);
    // Joiners are asked for a phone like anyone else, then join.
    expect(r.send('3户').replies.join('')).toMatch(/电话/);
    expect(r.send('13812345678').effects).toEqual([{ type: 'joinCase', caseNumber: 'GJ-20260226-0042', households: 3, phone: '13812345678' }]);
    const joined = afterEffect(r.session!, { type: 'caseJoined', outcome: 'joined', caseNumber: offer.caseNumber, reporterCount: 2, households: 15 }, r.ctx());
    expect(joined.session.intake).toBeNull();
    expect(joined.replies.join('')).toContain(offer.caseNumber);
  });

  it('with nothing similar, asks the households question as usual; without the flag makes no look-up', () => {
    const r = new Resident(null, undefined, { meToo: true });
    r.send(SEWER, '是', '向阳社区花园路1栋');
    expect(afterEffect(r.session!, { type: 'similarCase', found: null }, r.ctx()).replies.join('')).toMatch(/多少户/);
    const plain = new Resident();
    plain.send(SEWER, '是');
    expect(plain.send('向阳社区花园路1栋').effects).toEqual([]);
  });
});

describe('the visit record (五访五问), pure', () => {
  const ctx = { now: 1_000, idleMs: 60_000, areas };
  it('splits opinions by line and drops typed numbering; reads which problems to file', () => {
    expect(splitItems('1. 希望简化办证流程\n2、建议组织招聘会；好')).toEqual(['希望简化办证流程', '建议组织招聘会']);
    expect(parseSelection('全部', 3)).toEqual([0, 1, 2]);
    expect(parseSelection('1 3', 3)).toEqual([0, 2]);
    expect(parseSelection('1、第2个', 3)).toEqual([0, 1]);
    expect(parseSelection('不用', 3)).toEqual([]);
    expect(parseSelection('5', 3)).toBeNull();
  });
  it('is not started by ordinary text, and a stale record is dropped with a word', () => {
    expect(visitTurn(null, '你好', ctx, false, () => null)).toMatchObject({ session: null, passOn: true });
    const started = startVisit(0, 'GJ-XX-XY').session!;
    const late = visitTurn(started, '2', { ...ctx, now: 120_000 }, false, () => null);
    expect(late).toMatchObject({ session: null, passOn: true });
    expect(late.replies.join('')).toMatch(/作废/);
  });
});
