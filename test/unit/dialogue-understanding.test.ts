import { compileDistrict } from '../../src/config/compile-district';
import { afterEffect } from '../../src/dialogue/intake';
import { privacyTexts } from '../../src/messages/zh-CN';
import { findPlace } from '../../src/dialogue/places';
import { sameNumberedPlace } from '../../src/cases/similar-cases';
import { district, Resident } from './dialogue-fixtures';

/** The dialogue with the district's real reading of residents (the trained understanding), as the router runs it. */
const compiled = compileDistrict(district);
const real = {
  classify: compiled.classify,
  detectEmergency: compiled.detectEmergency,
  recogniseIntent: compiled.recogniseIntent,
  allAreas: compiled.areas,
  areaContact: (code: string) => compiled.contactFor(code),
};
const resident = (over: object = {}) => new Resident(null, undefined, { ...real, ...over });
const newContact = () => resident({ requireConsent: true });

describe('emergencies first', () => {
  it('a brand-new contact’s first message gets the advice first, then the privacy notice; nothing is filed before 同意', () => {
    const r = newContact();
    const turn = r.send('着火了，花园路2栋三楼冒烟');
    expect(turn.replies[0]).toMatch(/119/);
    expect(turn.replies[0]).toMatch(/110/);
    expect(turn.replies[0]).toMatch(/120/);
    expect(turn.replies).toContain(privacyTexts.notice);
    expect(turn.effects).toEqual([]);
    // After agreeing the report goes on, urgent, the place already read from it.
    r.send('同意');
    expect(r.intake?.draft).toMatchObject({ emergency: true, hazard: 'fire', areaCode: 'GJ-XX-XY', priority: 'URGENT' });
  });

  test.each([
    ['有人掉河里了，快来人', /110|119/],
    ['闻到好大一股煤气味，整栋楼都是', /燃气|煤气/],
    ['变压器在冒火花，电线掉在地上了', /95598|119/],
    ['隔壁有人拿刀要砍人', /110/],
  ])('%p gets the advice for its hazard at once', (text, number) => {
    const r = resident();
    expect(r.send(text).replies[0]).toMatch(number);
  });

  it('mid-intake, at any step, the advice comes first and the report becomes urgent', () => {
    const r = resident();
    r.send('小区的阴沟堵了好几天，臭得很', '是', '向阳社区花园路1栋', '3户');
    expect(r.stepName).toBe('urgency');
    const turn = r.send('楼上着火了！');
    expect(turn.replies[0]).toMatch(/119/);
    expect(r.intake?.draft.emergency).toBe(true);
  });

  test.each(['担心着火', '去年着过火，现在没事', '没有人受伤，就是路烂'])('%p is not an emergency', (text) => {
    expect(resident().send(text).replies.join('')).not.toMatch(/119/);
  });

  test.each(['跳过', '桥头镇', '13812345678', '1'])('the answer %p is never taken for an emergency', (answer) => {
    const r = resident();
    r.send('小区的阴沟堵了好几天，臭得很', '是');
    expect(r.send(answer).replies.join('')).not.toMatch(/119/);
  });
});

describe('intents at every step', () => {
  it('算了，不报了 at the category step cancels', () => {
    const r = resident();
    r.send('小区的阴沟堵了好几天，臭得很');
    expect(r.stepName).toBe('category');
    const turn = r.send('算了，不报了');
    expect(r.intake).toBeNull();
    expect(turn.effects).toEqual([]);
    expect(r.said).toContain('已取消');
  });

  test.each(['我的事情办得怎么样了', '我反映的问题有人管没有', '有人管没有', '处理了没得', '进度'])('%p lists the resident’s cases instead of starting a report', (text) => {
    const r = resident();
    const turn = r.send(text);
    expect(turn.effects).toEqual([{ type: 'listMyCases' }]);
    expect(r.intake).toBeNull();
  });

  it('a description that mentions 进度 is still a description', () => {
    const r = resident();
    r.send('阴沟堵了一个月，问了好几次进度都没人管');
    expect(r.stepName).toBe('category');
  });

  it('找干部 gives the bond card’s cadre, the area’s, or the hotline', () => {
    expect(resident().send('找干部').replies.join('')).toContain('12345');
    const r = resident();
    r.send('小区的阴沟堵了好几天，臭得很', '是', '团结村3组');
    const turn = r.send('找人工');
    expect(turn.replies.join('')).toContain('王德明');
    expect(r.stepName).toBe('households');
  });

  it('at the consent step: cancel keeps nothing, status and help answer and ask again', () => {
    const r = newContact();
    r.send('你好');
    r.send('我的事情办得怎么样了');
    expect(r.said).toContain('还没有在这里反映过');
    expect(r.said).toContain(privacyTexts.askAgain);
    r.send('算了');
    expect(r.session?.privacy).toEqual({});
    expect(r.said).toContain('没有保存');
  });

  it('谢谢 and 你好 mid-report are answered and the question asked again; 没有 at the phone step is an answer', () => {
    const r = resident();
    r.send('小区的阴沟堵了好几天，臭得很', '是', '向阳社区', '3户', '是');
    expect(r.stepName).toBe('phone');
    expect(r.send('谢谢').replies.join('')).toContain('不客气');
    expect(r.stepName).toBe('phone');
    r.send('没有');
    expect(r.stepName).toBe('confirm');
  });
});

describe('places as people say them', () => {
  const areas = compiled.areas;
  test.each([
    ['花园路1栋', 'GJ-XX-XY', '花园路1栋'],
    ['桥头镇', 'GJ-QT', ''],
    ['筱溪街道', 'GJ-XX', ''],
    ['向阳', 'GJ-XX-XY', ''],
    ['团结村三组', 'GJ-QT-TJ', '3组'],
    ['桂花园小区5栋', 'GJ-XX-HY', '桂花园小区5栋'],
    // An estate without its 小区, as residents write it.
    ['幸福里5栋', 'GJ-XX-XY', '幸福里5栋'],
    // A village without its 村 before a group number; 水塘 alone is a pond, not a place.
    ['水塘1组', 'GJ-QT-ST', '1组'],
    ['团结3组的', 'GJ-QT-TJ', '3组的'],
  ])('%p is %s', (text, code, detail) => {
    expect(findPlace(text, areas, 'answer')).toEqual({ kind: 'match', area: expect.objectContaining({ code }), detail });
  });

  it('a village name without 村 is a place only before a number', () => {
    expect(findPlace('屋后的水塘边上有垃圾', areas, 'mention')).toBeNull();
    expect(findPlace('水塘1组的 入党积极分子的思想汇报 多久交一次', areas, 'mention')).toEqual({ kind: 'match', area: expect.objectContaining({ code: 'GJ-QT-ST' }), detail: '1组' });
  });

  it('a town by its short name is a place in a description only where the words make it one', () => {
    const town = (code: string) => ({ kind: 'match', area: expect.objectContaining({ code }), detail: '' });
    expect(findPlace('龙潭到城头的那路公交好久才来一趟', areas, 'mention')).toEqual(town('GJ-LT'));
    expect(findPlace('建议公交车加一趟晚班 桥头到城里最后一班六点就没得了', areas, 'mention')).toEqual(town('GJ-QT'));
    expect(findPlace('从龙潭过来的路烂完了', areas, 'mention')).toEqual(town('GJ-LT'));
    // The end of a bridge, not the town.
    expect(findPlace('桥头那个路灯坏了好久了', areas, 'mention')).toBeNull();
  });

  it('a typo offers the closest choice; a group without a village offers the villages', () => {
    expect(findPlace('团节村', areas, 'answer')).toMatchObject({ kind: 'choices', areas: [expect.objectContaining({ name: '团结村' })] });
    expect(findPlace('3组', areas, 'answer')).toMatchObject({ kind: 'choices', areas: [{ name: '团结村' }, { name: '水塘村' }, { name: '火石村' }] });
  });

  it('桥头镇 is a place: never a loop', () => {
    const r = resident();
    r.send('路面坑坑洼洼，下雨全是水', '是', '桥头镇');
    expect(r.stepName).toBe('households');
    expect(r.intake?.draft.areaCode).toBe('GJ-QT');
  });

  it('团节村 → 团结村? and 是 takes it', () => {
    const r = resident();
    r.send('路面坑坑洼洼，下雨全是水', '是');
    expect(r.send('团节村2组').replies.join('')).toContain('团结村');
    r.send('是');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-QT-TJ', locationText: '2组' });
  });

  it('after two misses the numbered list with 回复 0 跳过; never a third re-prompt', () => {
    const r = resident();
    r.send('路面坑坑洼洼，下雨全是水', '是');
    r.send('不晓得');
    expect(r.stepName).toBe('location');
    r.send('就是那里嘛');
    expect(r.said).toContain('回复 0 跳过');
    expect(r.said).toContain('1. 团结村');
    r.send('哎呀说不清');
    expect(r.stepName).toBe('households');
    expect(r.intake?.draft.areaCode).toBe('GJ');
  });
});

describe('what the first message already says', () => {
  it('place, households, urgency hint and phone are shown with the category and not asked again', () => {
    const r = resident();
    r.send('向阳社区新华路5栋阴沟堵了，污水流到路上，影响二十几户，很急，电话13812345678');
    expect(r.said).toContain('地点：向阳社区 新华路5栋');
    expect(r.said).toContain('约20户');
    expect(r.said).toContain('138****5678');
    r.send('是');
    expect(r.stepName).toBe('confirm');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-XX-XY', locationText: '新华路5栋', households: 20, priority: 'URGENT', phone: '13812345678' });
  });

  it('不对 asks each one in turn, the place offered as 0', () => {
    const r = resident();
    r.send('团结村3组的水渠垮塌了，放不进水，56户');
    r.send('不对');
    r.send('2');
    expect(r.said).toContain('回复 0');
    r.send('0');
    expect(r.stepName).toBe('households');
  });
});

describe('我也遇到', () => {
  it('the same numbered place is the same problem in other words; other numbers never', () => {
    expect(sameNumberedPlace('新华路5栋', '新华路5栋')).toBe(true);
    expect(sameNumberedPlace('新华路5栋楼下', '新华路5栋门口')).toBe(true);
    expect(sameNumberedPlace('新华路5栋', '新华路15栋')).toBe(false);
    expect(sameNumberedPlace('3组', '7组')).toBe(false);
    expect(sameNumberedPlace('新华路', '新华路')).toBe(false);
  });

  it('a joiner whose first message gave households and phone joins right after 是', () => {
    const r = resident({ meToo: true });
    r.send('新华路5栋门口阴沟堵了，我们3户，电话13812345678');
    const taken = r.send('是');
    expect(taken.effects).toEqual([expect.objectContaining({ type: 'findSimilarCase', locationText: '新华路5栋' })]);
    const offer = { caseNumber: 'GJ-20260226-0042', place: '向阳社区新华路5栋', categoryName: '排水污水', reporters: 1, households: 12, open: '正在处理' };
    r.session = afterEffect(r.session!, { type: 'similarCase', found: offer }, r.ctx()).session;
    expect(r.send('是').effects).toEqual([{ type: 'joinCase', caseNumber: offer.caseNumber, households: 3, phone: '13812345678' }]);
  });
});
