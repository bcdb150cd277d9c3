import { recogniseCommand } from '../../src/dialogue/commands';
import { maskPhone } from '../../src/domain/masking';
import { parseChineseNumber } from '../../src/domain/chinese-numbers';
import { matchArea, parseChoiceNumber, parseHouseholds, parsePhone } from '../../src/dialogue/parse';
import { areas } from './dialogue-fixtures';

describe('households', () => {
  test.each([
    ['56', 56],
    ['56户', 56],
    ['５６户', 56],
    ['五十六户', 56],
    ['五十六', 56],
    ['56户居民和21家门市', 77],
    ['大约一百零五户', 105],
    ['1,200户', 1200],
    ['十几户', 10],
    ['就我一家', 1],
    ['5栋的32户', 32],
  ])('%p → %p', (answer, households) => {
    expect(parseHouseholds(answer)).toEqual({ kind: 'count', households });
  });

  test.each(['跳过', '不清楚', '不知道', '说不清楚'])('%p → unknown', (answer) => {
    expect(parseHouseholds(answer)).toEqual({ kind: 'unknown' });
  });

  test.each(['好多', '几十户', '3组', '0', '56 21', '一些', '2026年', '9999999户', ''])('%p → invalid', (answer) => {
    expect(parseHouseholds(answer)).toEqual({ kind: 'invalid' });
  });
});

describe('phone', () => {
  test.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['我的电话是13812345678', '13812345678'],
    ['0813-1234567', '0813-1234567'],
    ['0813 12345678', '0813-12345678'],
    ['08131234567', '0813-1234567'],
    ['028-87654321', '028-87654321'],
  ])('%p → %s', (answer, phone) => {
    expect(parsePhone(answer)).toEqual({ kind: 'phone', phone });
  });

  test.each(['跳过', '不留', '没有电话'])('%p → skip', (answer) => {
    expect(parsePhone(answer)).toEqual({ kind: 'skip' });
  });

  test.each(['1234', '12812345678', '138123456789', '1234567', '你猜', ''])('%p → invalid', (answer) => {
    expect(parsePhone(answer)).toEqual({ kind: 'invalid' });
  });

  test('masking keeps what the resident recognises', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0813-1234567')).toBe('0813-***4567');
  });
});

describe('numbers and choices', () => {
  test.each([
    ['十', 10],
    ['五十六', 56],
    ['一百零五', 105],
    ['两千', 2000],
    ['三万', 30000],
    ['五六', null],
    ['', null],
  ])('Chinese %p → %p', (t, n) => {
    expect(parseChineseNumber(t)).toBe(n);
  });

  test.each([
    ['3', 3],
    [' 3 ', 3],
    ['３', 3],
    ['第三个', 3],
    ['三', 3],
    ['3号', 3],
    ['0', null],
    ['12', null],
    ['3组', null],
  ])('choice %p of 11 → %p', (t, n) => {
    expect(parseChoiceNumber(t, 11)).toBe(n);
  });
});

describe('area matching', () => {
  test('the longest name in the text wins; the rest is the place', () => {
    expect(matchArea('向阳社区花园路1栋', areas)).toMatchObject({ area: { code: 'GJ-XX-XY' }, rest: '花园路1栋' });
    expect(matchArea('团结村3组', areas)).toMatchObject({ area: { code: 'GJ-QT-TJ' }, rest: '3组' });
    expect(matchArea('就在花园社区，3栋', areas)).toMatchObject({ area: { code: 'GJ-XX-HY' }, rest: '3栋' });
  });

  test('aliases count, and a street sharing a word is not a community', () => {
    const withAlias = areas.map((a) => (a.code === 'GJ-QT-TJ' ? { ...a, aliases: ['团结'] } : a));
    expect(matchArea('团结3组', withAlias)).toMatchObject({ area: { code: 'GJ-QT-TJ' }, rest: '3组' });
    expect(matchArea('花园路1栋', areas)).toBeNull();
  });
});

describe('global commands', () => {
  test.each([
    ['取消', 'cancel'],
    ['取消。', 'cancel'],
    ['算了吧', 'cancel'],
    ['上一步', 'back'],
    ['？', 'help'],
    ['??', 'help'],
    ['菜单', 'help'],
    ['我的案件', 'myCases'],
    ['查进度', 'myCases'],
  ])('%p → %s', (t, kind) => {
    expect(recogniseCommand(t)).toEqual({ kind });
  });

  test('only whole messages count', () => {
    expect(recogniseCommand('阴沟堵了，取消不了预约')).toBeNull();
    expect(recogniseCommand('帮助一下我们组的困难户')).toBeNull();
    expect(recogniseCommand(`取消${'啊'.repeat(100)}`)).toBeNull();
  });
});
