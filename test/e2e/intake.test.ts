import type { mock } from 'wechaty-puppet-mock';
import type { MockPerson } from '../support/mock-wechat';
import { useWeChatE2e } from '../support/wechat-e2e';
import { converse, caseNumberIn } from '../support/converse';

const e2e = useWeChatE2e();

/** Cases the resident with this mock contact filed (looked up through their stable key). */
async function casesOf(person: MockPerson) {
  return e2e.service.db.case.findMany({
    where: { resident: { displayName: person.contact.payload.name } },
    include: { area: true },
    orderBy: { id: 'asc' },
  });
}

let seq = 0;
const newResident = () => e2e.person('居民');

describe('a resident reports a problem over WeChat', () => {
  it('files the blocked-sewer example in the livelihood ledger and returns its number', async () => {
    const resident = newResident();
    const replies = await converse(resident, [
      '你好',
      '我们小区没有化粪池，阴沟堵塞，污水外流，臭得很',
      '是',
      '向阳社区花园路1栋',
      '56户',
      '是',
      '13812345678',
      '确认',
    ]);
    for (const turn of replies) expect(turn.length).toBeGreaterThan(0);
    const number = caseNumberIn(replies[replies.length - 1]!);
    const [filed] = await casesOf(resident);
    expect(filed).toMatchObject({
      caseNumber: number,
      ledger: 'LIVELIHOOD',
      category: 'DRAINAGE',
      priority: 'SERIOUS',
      households: 56,
      contactPhone: '13812345678',
      status: 'ASSIGNED',
    });
    expect(filed!.area.name).toBe('向阳社区');
    expect(filed!.locationText).toContain('花园路1栋');
  });

  it('files the irrigation example for 团结村 3组', async () => {
    const resident = newResident();
    const replies = await converse(resident, [
      '团结村3组有一半的田没有水灌溉，两个镇共用一个小水库，放水总轮不到我们',
      '是',
      '团结村3组',
      '40户',
      '是',
      '跳过',
      '确认',
    ]);
    caseNumberIn(replies[replies.length - 1]!);
    const [filed] = await casesOf(resident);
    expect(filed).toMatchObject({ ledger: 'LIVELIHOOD', category: 'IRRIGATION', households: 40, contactPhone: null });
    expect(filed!.area.name).toBe('团结村');
    expect(filed!.locationText).toContain('3组');
  });

  it('files nothing when the resident says 取消 mid-way', async () => {
    const resident = newResident();
    const replies = await converse(resident, ['邻居天天吵架，影响休息', '是', '向阳社区', '取消']);
    expect(replies[3]!.join('')).toMatch(/取消|不提交|没有提交/);
    expect(await casesOf(resident)).toHaveLength(0);
    // A later 确认 does not file the cancelled report.
    await resident.say('确认');
    expect(await casesOf(resident)).toHaveLength(0);
  });

  it('goes back one step on 上一步', async () => {
    const resident = newResident();
    const [, , atHouseholds, back] = await converse(resident, ['路灯坏了一个月，晚上很黑', '是', '火石村2组', '上一步']);
    expect(atHouseholds!.join('')).toMatch(/户/);
    // Back at the location step: the prompt asks where again.
    expect(back!.join('')).toMatch(/村|社区|地点|哪里/);
    const replies = await converse(resident, ['水塘村1组', '跳过', '是', '跳过', '确认']);
    caseNumberIn(replies[replies.length - 1]!);
    const [filed] = await casesOf(resident);
    expect(filed!.area.name).toBe('水塘村');
  });

  it('re-prompts an invalid phone number and accepts a valid one', async () => {
    const resident = newResident();
    const replies = await converse(resident, ['垃圾堆了好几天没人清', '是', '花园社区', '跳过', '是', '12345']);
    expect(replies[5]!.join('')).toMatch(/号码|手机号/);
    const more = await converse(resident, ['138 1234 5678', '确认']);
    caseNumberIn(more[1]!);
    const [filed] = await casesOf(resident);
    expect(filed!.contactPhone).toBe('13812345678');
  });

  it('tells the resident to call 110/119/120 for an emergency', async () => {
    // The advice now comes in the very first reply, before the privacy notice (it used to follow
    // the agreement), and an emergency's urgency is not asked: it is URGENT.
    const resident = newResident();
    resident.agreeToPrivacy = false;
    const first = await resident.say('楼下着火了，有人被困在里面');
    expect(first[0]).toMatch(/119/);
    await resident.say('同意');
    const replies = await converse(resident, ['是', '向阳社区3栋', '跳过', '跳过', '确认']);
    expect(replies[replies.length - 1]!.join('')).toMatch(/119/);
    const [filed] = await casesOf(resident);
    expect(filed!.priority).toBe('URGENT');
  });

  it('lets a resident see their own cases with 我的案件 and 查询, but not anyone else’s', async () => {
    const alice = newResident();
    const bob = newResident();
    const aliceReplies = await converse(alice, ['阴沟堵了污水外流', '是', '向阳社区', '跳过', '是', '跳过', '确认']);
    const aliceNumber = caseNumberIn(aliceReplies[6]!);
    expect((await alice.say('我的案件')).join('')).toContain(aliceNumber);
    expect((await alice.say(`查询 ${aliceNumber.toLowerCase()}`)).join('')).toContain(aliceNumber);
    const bobSees = (await bob.say(`查询 ${aliceNumber}`)).join('');
    expect(bobSees).toMatch(/没有找到/);
    expect(bobSees).not.toContain('阴沟');
  });
});

describe('the channel', () => {
  it('resumes a conversation from Redis after the service restarts', async () => {
    const resident = newResident();
    await converse(resident, ['我家房屋墙体开裂，下雨还漏雨', '是', '团结村5组']);
    // Restart everything but the WeChat side: a new service and a new bot on the same data.
    const contact = resident.contact;
    await e2e.restart();
    const again = e2e.wechat.personFromContact(contact);
    const replies = await converse(again, ['3户', '是', '跳过', '确认']);
    caseNumberIn(replies[3]!);
    const [filed] = await casesOf(again);
    expect(filed).toMatchObject({ category: 'HOUSING_SAFETY', households: 3 });
  });

  it('files one case when the confirming message is delivered twice', async () => {
    const resident = newResident();
    await converse(resident, ['阴沟堵塞污水外流', '是', '向阳社区', '跳过', '是', '跳过']);
    const messageId = `dup-${Date.now()}-${seq}`;
    const first = await resident.deliver(messageId, '确认');
    const second = await resident.deliver(messageId, '确认');
    caseNumberIn(first);
    expect(second).toEqual([]);
    expect(await casesOf(resident)).toHaveLength(1);
  });

  it('serves 50 residents talking at once: 50 cases, 50 numbers, every reply', async () => {
    const people = Array.from({ length: 50 }, () => newResident());
    const script = ['阴沟堵了，污水流到路上', '是', '向阳社区花园路2栋', '10户', '是', '跳过', '确认'];
    const all = await Promise.all(people.map((p) => converse(p, script)));
    for (const replies of all) for (const turn of replies) expect(turn.length).toBeGreaterThan(0);
    const numbers = all.map((replies) => caseNumberIn(replies[replies.length - 1]!));
    expect(new Set(numbers).size).toBe(50);
    const cases = await e2e.service.db.case.findMany({ where: { caseNumber: { in: numbers } } });
    expect(cases).toHaveLength(50);
  });

  it('in a group answers only when mentioned, and then continues in private', async () => {
    const resident = newResident();
    const neighbour = newResident();
    const room: mock.RoomMock = e2e.wechat.mocker.createRoom({
      topic: '向阳社区居民群',
      memberIdList: [resident.id, neighbour.id, e2e.wechat.botUser.id],
    });
    await neighbour.sayInRoom(room, '今天天气不错', false);
    expect(e2e.wechat.said(room)).toEqual([]);
    await resident.sayInRoom(room, '@连心桥 我和邻居因为占地吵架了', true);
    expect(e2e.wechat.said(room)).toHaveLength(1);
    expect(e2e.wechat.said(room)[0]).toMatch(/私聊/);
    expect(e2e.wechat.said(room)[0]).not.toMatch(/吵架|纠纷/);
    // The conversation goes on privately, starting from what was said.
    expect(e2e.wechat.said(resident.contact).join('')).toMatch(/纠纷|类别|是/);
  });

  it('asks for text when a resident sends a voice message, and ignores its own messages', async () => {
    const resident = newResident();
    const { FileBox } = await import('file-box');
    resident.contact.say(FileBox.fromBase64('AAAA', 'voice.sil')).to(e2e.wechat.botUser);
    await e2e.wechat.waitFor(resident.contact, (said) => said.join('').includes('语音'));
    // The bot's own replies come back through the puppet too; they start no conversation.
    expect(await e2e.service.db.resident.count({ where: { displayName: '连心桥' } })).toBe(0);
  });
});

describe('other kinds of message', () => {
  it('ignores official accounts', async () => {
    const PUPPET = await import('wechaty-puppet');
    const official = e2e.wechat.person(`公众号${Date.now()}`, { type: PUPPET.types.Contact.Official });
    expect(await official.say('阴沟堵了，污水外流')).toEqual([]);
  });

  it('takes a WeChat location message as the place, then asks which village if the address names none', async () => {
    const resident = newResident();
    await converse(resident, ['路面坑洼，下雨全是积水', '是']);
    const PUPPET = await import('wechaty-puppet');
    const id = `loc-${Date.now()}-${++seq}`;
    e2e.wechat.mocker.MessageMock.create({
      id,
      talkerId: resident.id,
      listenerId: e2e.wechat.botUser.id,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Location,
    } as never);
    e2e.wechat.mocker.puppet.emit('message', { messageId: id });
    await e2e.wechat.settle();
    // The mock's fixed location is in Beijing: no village of ours, so the bot asks which one.
    const asked = e2e.wechat.said(resident.contact).slice(-1).join('');
    expect(asked).toMatch(/哪个村|社区/);
    const replies = await converse(resident, ['火石村', '跳过', '是', '跳过', '确认']);
    caseNumberIn(replies[replies.length - 1]!);
    const [filed] = await casesOf(resident);
    expect(filed!.area.name).toBe('火石村');
    expect(filed!.locationText).toContain('Chengfu');
  });

  it('keeps a picture sent during the report as an attachment of the case', async () => {
    const resident = newResident();
    await converse(resident, ['小区垃圾堆成山没人清']);
    const { FileBox } = await import('file-box');
    resident.contact.say(FileBox.fromBase64('iVBORw0KGgo=', 'photo.png')).to(e2e.wechat.botUser);
    // Saving the picture takes longer than a text turn: wait for the acknowledgement itself.
    await e2e.wechat.waitFor(resident.contact, (said) => /收到图片/.test(said[said.length - 1] ?? ''));
    const replies = await converse(resident, ['是', '花园社区', '跳过', '是', '跳过', '确认']);
    const number = caseNumberIn(replies[replies.length - 1]!);
    const row = await e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber: number }, include: { attachments: true } });
    expect(row.attachments).toHaveLength(1);
    expect(row.attachments[0]!.mime).toBe('image/jpeg');
  });

  it('slows down a resident who floods the bot, politely and once, without slowing others', async () => {
    const flooder = newResident();
    const other = newResident();
    const limit = e2e.service.config.RATE_LIMIT_MESSAGES;
    for (let i = 0; i < limit + 5; i++) flooder.contact.say(`你好${i}`).to(e2e.wechat.botUser);
    await e2e.wechat.settle();
    const said = e2e.wechat.said(flooder.contact);
    expect(said.filter((t) => t.includes('发得有点快'))).toHaveLength(1);
    expect(said.length).toBeLessThanOrEqual(limit * 2 + 1);
    expect((await other.say('你好')).join('')).toMatch(/问题/);
  });
});
