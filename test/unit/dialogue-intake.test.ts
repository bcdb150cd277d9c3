import { afterEffect, newSession, step } from '../../src/dialogue/intake';
import type { Effect, Session } from '../../src/dialogue/types';
import { IRRIGATION, makeCtx, Resident, SEWER, T0 } from './dialogue-fixtures';

const fileEffect = (effects: Effect[]) => {
  const filing = effects.find((e): e is Extract<Effect, { type: 'fileCase' }> => e.type === 'fileCase');
  if (!filing) throw new Error(`no fileCase effect in ${JSON.stringify(effects)}`);
  return filing;
};

/** A resident who has got as far as `stepName` in the sewer report. */
function sewerUpTo(stepName: 'category' | 'location' | 'households' | 'urgency' | 'phone' | 'confirm', session: Session | null = null) {
  const r = new Resident(session);
  const answers = [SEWER, '是', '向阳社区花园路1栋', '56户', '是', '13812345678'];
  const order = ['category', 'location', 'households', 'urgency', 'phone', 'confirm'];
  r.send(...answers.slice(0, order.indexOf(stepName) + 1));
  expect(r.stepName).toBe(stepName);
  return r;
}

describe('the guided intake, start to finish', () => {
  test('the sewer report from 向阳社区 (56 households) ends in a fileCase effect with the whole draft', () => {
    const r = new Resident();
    r.send(SEWER);
    expect(r.stepName).toBe('category');
    expect(r.said).toContain('排水污水');
    r.send('是');
    expect(r.said).toContain('向阳社区花园路1栋');
    r.send('向阳社区花园路1栋');
    expect(r.stepName).toBe('households');
    r.send('56户');
    expect(r.stepName).toBe('urgency');
    expect(r.said).toContain('重（建议）');
    r.send('是');
    expect(r.stepName).toBe('phone');
    r.send('138 1234 5678');
    expect(r.stepName).toBe('confirm');
    expect(r.said).toContain('向阳社区 花园路1栋');
    expect(r.said).toContain('约56户');
    expect(r.said).toContain('13812345678');
    const done = r.send('确认');

    expect(done.session.intake).toBeNull();
    expect(done.effects).toHaveLength(1);
    const filing = fileEffect(done.effects);
    expect(filing.confirmMessageId).toBe('m7');
    expect(filing.draft).toMatchObject({
      description: SEWER,
      categoryCode: 'DRAINAGE',
      areaCode: 'GJ-XX-XY',
      locationText: '花园路1栋',
      households: 56,
      priority: 'SERIOUS',
      phone: '13812345678',
      emergency: false,
      classifierWords: ['阴沟', '外流'],
      attachments: [],
    });
  });

  test('the irrigation report from 团结村3组, opened with a greeting, unknown households and no phone', () => {
    const r = new Resident();
    r.send('你好');
    expect(r.stepName).toBe('describe');
    expect(r.said).toContain('连心桥');
    r.send(IRRIGATION, '对', '团结村3组');
    expect(r.intake?.draft).toMatchObject({ categoryCode: 'IRRIGATION', areaCode: 'GJ-QT-TJ', locationText: '3组' });
    r.send('不清楚', '1', '跳过');
    expect(r.said).toContain('电话：未留');
    expect(r.said).toContain('影响：不清楚');
    const filing = fileEffect(r.send('提交').effects);
    expect(filing.draft).toMatchObject({ categoryCode: 'IRRIGATION', areaCode: 'GJ-QT-TJ', locationText: '3组', households: null, priority: 'URGENT', phone: null });
  });

  test('a group the description named ("我们村三组的田") stays with the village the resident then gives', () => {
    const r = new Resident();
    r.send('我们村三组的田放不进水 两个镇共用一个小水库', '2', '团结村');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-QT-TJ', locationText: '3组' });
    // What the answer itself says wins; a description that names its own area adds nothing.
    const own = new Resident();
    own.send('我们村三组的田放不进水', '2', '团结村5组');
    expect(own.intake?.draft).toMatchObject({ areaCode: 'GJ-QT-TJ', locationText: '5组' });
    const plain = new Resident();
    plain.send('田里放不进水 水库的水被放走了', '2', '团结村');
    expect(plain.intake?.draft).toMatchObject({ areaCode: 'GJ-QT-TJ', locationText: '' });
  });

  test('a group said late, at the households question ("3组"), joins the place and the question comes again', () => {
    const r = new Resident();
    r.send('田里放不进水 水库的水被放走了', '2', '团结村');
    expect(r.stepName).toBe('households');
    r.send('三组');
    expect(r.stepName).toBe('households');
    expect(r.said).toContain('地点补上“3组”了');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-QT-TJ', locationText: '3组' });
    expect(r.intake?.wrongAnswers).toBe(0);
    // Said again, it is a wrong answer like any other; a count goes on as before.
    r.send('3组');
    expect(r.said).toContain('请回复大概的户数');
    r.send('二十几户');
    expect(r.stepName).toBe('urgency');
    expect(r.intake?.draft).toMatchObject({ locationText: '3组', households: 20 });
  });

  test('confirming with 1 or 是 also files', () => {
    for (const yes of ['1', '是', '确认！']) {
      const r = sewerUpTo('confirm');
      expect(r.send(yes).effects.map((e) => e.type)).toEqual(['fileCase']);
    }
  });

  test('anything else at the summary is re-prompted, nothing is filed', () => {
    const r = sewerUpTo('confirm');
    const turn = r.send('等一下');
    expect(turn.effects).toEqual([]);
    expect(r.stepName).toBe('confirm');
    expect(r.said).toContain('确认');
  });
});

describe('category', () => {
  test('the suggestion can be changed by number', () => {
    const r = sewerUpTo('category');
    r.send('4'); // 环境卫生
    expect(r.intake?.draft.categoryCode).toBe('SANITATION');
    expect(r.stepName).toBe('location');
  });

  test('a changed category keeps a priority the description itself raised (很多户)', () => {
    const r = new Resident();
    r.send('垃圾堆在路口一个星期没人收，很多户都受影响', '3', '向阳社区', '3');
    expect(r.intake?.draft.categoryCode).toBe('ROADS');
    expect(r.said).toContain('重（建议）');
  });

  test('a changed category without raising words takes that category’s default', () => {
    const r = new Resident();
    r.send('路灯坏了一个月了', '10', '花园社区', '2');
    expect(r.intake?.draft.categoryCode).toBe('SUGGESTION');
    expect(r.said).toContain('轻（建议）');
  });

  test('by name, and 不对 shows the list without counting as a wrong answer', () => {
    const r = sewerUpTo('category');
    r.send('不对');
    expect(r.said).toContain('1. 排水污水');
    expect(r.intake?.wrongAnswers).toBe(0);
    r.send('环境卫生');
    expect(r.intake?.draft.categoryCode).toBe('SANITATION');
  });

  test('when the classifier finds nothing, the resident is asked to pick', () => {
    const r = new Resident();
    r.send('我想问一下这个事情怎么办');
    expect(r.said).toContain('属于哪一类');
    r.send('是');
    expect(r.stepName).toBe('category');
    r.send('11');
    expect(r.intake?.draft.categoryCode).toBe('OTHER');
  });
});

describe('location', () => {
  test('by number from the list of villages and communities', () => {
    const r = sewerUpTo('location');
    expect(r.said).toMatch(/1\. 团结村/);
    r.send('4');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-XX-XY', locationText: '' });
    expect(r.stepName).toBe('households');
  });

  test('by name inside a longer text, the rest kept as the place', () => {
    const r = sewerUpTo('location');
    r.send('在桥头镇团结村 5组 李家院子');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-QT-TJ', locationText: '桥头镇 5组 李家院子' });
  });

  test('a text naming no known place is re-prompted', () => {
    // (花园路1栋 used to be the example; the district now lists its streets, so it finds 向阳社区.)
    const r = sewerUpTo('location');
    r.send('长征路18号');
    expect(r.stepName).toBe('location');
    expect(r.said).toContain('村（社区）');
  });

  test('by WeChat location whose address names the community', () => {
    const r = sewerUpTo('location');
    r.send({ kind: 'location', address: '四川省自贡市贡井区向阳社区花园路8号', latitude: 29.35, longitude: 104.71 });
    expect(r.stepName).toBe('households');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-XX-XY', locationText: '四川省自贡市贡井区向阳社区花园路8号', latitude: 29.35, longitude: 104.71 });
  });

  test('by WeChat location with an unknown address: kept, then the village is asked', () => {
    const r = sewerUpTo('location');
    r.send({ kind: 'location', address: '自贡市贡井区长征路18号', latitude: 29.34, longitude: 104.7 });
    expect(r.stepName).toBe('location');
    expect(r.said).toContain('长征路18号');
    expect(r.said).toContain('哪个村（社区）');
    r.send('花园社区');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-XX-HY', locationText: '自贡市贡井区长征路18号', latitude: 29.34, longitude: 104.7 });
  });

  test('a location sent before the location step is offered there as 0', () => {
    const r = new Resident();
    r.send({ kind: 'location', address: '贡井区团结村村委会', latitude: 29.3, longitude: 104.6 });
    expect(r.stepName).toBe('describe');
    r.send(IRRIGATION, '是');
    expect(r.said).toContain('回复 0');
    r.send('0');
    expect(r.intake?.draft).toMatchObject({ areaCode: 'GJ-QT-TJ', latitude: 29.3 });
  });

  test('the area from the resident’s profile can be picked with 0', () => {
    const session: Session = { ...newSession(T0), profile: { areaCode: 'GJ-QT-ST' } };
    const r = sewerUpTo('location', session);
    expect(r.said).toContain('还是在“水塘村”');
    r.send('0');
    expect(r.intake?.draft.areaCode).toBe('GJ-QT-ST');
  });
});

describe('households', () => {
  test.each([
    ['56', 56],
    ['56户', 56],
    ['五十六户', 56],
    ['56户居民和21家门市', 77],
    ['大概三十来户吧', 30],
    ['跳过', null],
    ['不清楚', null],
  ])('%s → %p', (answer, households) => {
    const r = sewerUpTo('households');
    r.send(answer);
    expect(r.stepName).toBe('urgency');
    expect(r.intake?.draft.households).toBe(households);
  });

  test('a vague answer is re-prompted', () => {
    const r = sewerUpTo('households');
    r.send('好多');
    expect(r.stepName).toBe('households');
    expect(r.said).toContain('56户');
  });
});

describe('urgency', () => {
  test.each([
    ['1', 'URGENT'],
    ['急', 'URGENT'],
    ['3', 'DEFERRABLE'],
    ['缓', 'DEFERRABLE'],
    ['轻', 'MINOR'],
    ['好', 'SERIOUS'],
  ])('%s → %s', (answer, priority) => {
    const r = sewerUpTo('urgency');
    r.send(answer);
    expect(r.intake?.draft.priority).toBe(priority);
    expect(r.stepName).toBe('phone');
  });

  test('an answer that is none of them is re-prompted', () => {
    const r = sewerUpTo('urgency');
    r.send('5');
    expect(r.stepName).toBe('urgency');
    expect(r.said).toContain('1 到 4');
  });
});

describe('phone', () => {
  test('an invalid number is re-prompted, then a valid one is taken', () => {
    const r = sewerUpTo('phone');
    r.send('1234');
    expect(r.stepName).toBe('phone');
    expect(r.said).toContain('11位手机号');
    r.send('+86 139-0813-0000');
    expect(r.intake?.draft.phone).toBe('13908130000');
    expect(r.stepName).toBe('confirm');
  });

  test('a landline with its area code is taken', () => {
    const r = sewerUpTo('phone');
    r.send('0813-1234567');
    expect(r.intake?.draft.phone).toBe('0813-1234567');
  });

  test('the phone from last time is offered masked and reused with 是', () => {
    const session: Session = { ...newSession(T0), profile: { lastPhone: '13812345678' } };
    const r = sewerUpTo('phone', session);
    expect(r.said).toContain('138****5678');
    expect(r.said).not.toContain('13812345678');
    r.send('是');
    expect(r.intake?.draft.phone).toBe('13812345678');
  });

  test('a new number replaces the one from last time', () => {
    const session: Session = { ...newSession(T0), profile: { lastPhone: '13812345678' } };
    const r = sewerUpTo('phone', session);
    r.send('15900001111');
    expect(r.intake?.draft.phone).toBe('15900001111');
  });
});

describe('afterEffect', () => {
  const confirmed = () => {
    const r = sewerUpTo('confirm');
    const turn = r.send('确认');
    return { r, turn, session: turn.session };
  };

  test('caseFiled: the case number and what happens next; the profile remembers phone and area', () => {
    const { session } = confirmed();
    const after = afterEffect(session, { type: 'caseFiled', caseNumber: 'GJ-20260226-0042', priority: 'SERIOUS', emergency: false, areaName: '向阳社区' }, makeCtx());
    const said = after.replies.join('\n');
    expect(said).toContain('GJ-20260226-0042');
    expect(said).toContain('向阳社区');
    expect(said).toContain('24小时内受理');
    expect(said).not.toContain('110');
    expect(after.session.profile).toEqual({ lastPhone: '13812345678', areaCode: 'GJ-XX-XY' });
    expect(after.session.intake).toBeNull();
    expect(after.session.filing).toBeUndefined();
  });

  test('caseFiled for an urgent case also says to call 110/119/120', () => {
    const { session } = confirmed();
    const after = afterEffect(session, { type: 'caseFiled', caseNumber: 'GJ-20260226-0043', priority: 'URGENT', emergency: false, areaName: '向阳社区' }, makeCtx());
    expect(after.replies.join('\n')).toMatch(/110.*119.*120/);
  });

  test('fileFailed: an apology, the draft back at the summary, and confirming again retries under the same id', () => {
    const { r, session } = confirmed();
    const after = afterEffect(session, { type: 'fileFailed' }, makeCtx({ messageId: 'm7' }));
    expect(after.replies.join('\n')).toContain('没有提交成功');
    expect(after.session.intake?.step).toBe('confirm');
    expect(after.session.intake?.draft.areaCode).toBe('GJ-XX-XY');
    r.session = after.session;
    const retry = r.send('确认');
    expect(fileEffect(retry.effects).confirmMessageId).toBe('m7');
  });

  test('fileFailed with no draft to restore still apologises', () => {
    const after = afterEffect(newSession(T0), { type: 'fileFailed' }, makeCtx());
    expect(after.replies[0]).toContain('没有提交成功');
    expect(after.session.intake).toBeNull();
  });

  test('myCases renders the list; mid-intake the current question follows', () => {
    const r = sewerUpTo('households');
    const after = afterEffect(
      r.session!,
      {
        type: 'myCases',
        cases: [
          { caseNumber: 'GJ-20260220-0007', status: 'IN_PROGRESS', categoryName: '道路交通', createdAt: T0 - 6 * 86_400_000, description: '路灯坏了一个月了' },
          { caseNumber: 'GJ-20260110-0003', status: 'RESOLVED', categoryName: '矛盾纠纷', createdAt: T0 - 47 * 86_400_000, description: '邻居占了我家的地' },
        ],
      },
      makeCtx(),
    );
    expect(after.replies).toHaveLength(2);
    expect(after.replies[0]).toContain('GJ-20260220-0007【正在办理】2月20日');
    expect(after.replies[0]).toContain('已办结');
    expect(after.replies[1]).toContain('多少户');
    expect(after.session.intake?.step).toBe('households');
  });

  test('myCases with none, outside an intake', () => {
    const after = afterEffect(newSession(T0), { type: 'myCases', cases: [] }, makeCtx());
    expect(after.replies).toEqual([expect.stringContaining('还没有反映过')]);
  });

  test('caseLookup found: status, place and the timeline', () => {
    const after = afterEffect(
      newSession(T0),
      {
        type: 'caseLookup',
        caseNumber: 'GJ-20260226-0042',
        found: {
          caseNumber: 'GJ-20260226-0042',
          status: 'ACCEPTED',
          categoryName: '排水污水',
          createdAt: T0,
          description: SEWER,
          areaName: '向阳社区',
          locationText: '花园路1栋',
          events: [
            { at: T0, type: 'FILED', note: null },
            { at: T0 + 3_600_000, type: 'ACCEPTED', note: '明天上午来疏通' },
          ],
        },
      },
      makeCtx(),
    );
    const said = after.replies.join('\n');
    expect(said).toContain('GJ-20260226-0042【干部已受理】');
    expect(said).toContain('向阳社区 花园路1栋');
    expect(said).toContain('2月26日 11:00 干部受理：明天上午来疏通');
  });

  test('caseLookup not found never says whose it is', () => {
    const after = afterEffect(newSession(T0), { type: 'caseLookup', caseNumber: 'GJ-20260226-0042', found: null }, makeCtx());
    expect(after.replies).toEqual(['没有找到这个编号的案件，请核对一下编号。']);
  });
});

test('step with no session starts one', () => {
  const turn = step(null, { kind: 'text', text: '你好' }, makeCtx());
  expect(turn.session).toMatchObject({ v: 1, profile: {}, lastActiveAt: T0 });
  expect(turn.session.intake?.step).toBe('describe');
});
