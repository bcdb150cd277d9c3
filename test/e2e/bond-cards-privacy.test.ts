import * as PUPPET from 'wechaty-puppet';
import type { MockPerson } from '../support/mock-wechat';
import { useWeChatE2e } from '../support/wechat-e2e';
import { converse, caseNumberIn } from '../support/converse';
import { bondCardTexts, privacyTexts } from '../../src/messages/zh-CN';
import { createBondCards, revokeBondCard } from '../../src/cards/bond-cards';
import { aliasFor } from '../../src/channels/wechaty/to-inbound-message';

const e2e = useWeChatE2e();

let seq = 0;
const newResident = (): MockPerson => e2e.person('卡友');

/** A card for 向阳社区 held by its party secretary (drainage there would otherwise go to the grid worker). */
const newCard = async () => (await createBondCards(e2e.service.db, { area: 'GJ-XX-XY', cadreCode: 'xy-sec', count: 1, at: new Date() }))[0]!.code;

/** A friend request as WeChat delivers it: the greeting carries what the resident typed. */
async function sendFriendRequest(person: MockPerson, hello: string): Promise<void> {
  const puppet = e2e.wechat.bot.puppet;
  const friendshipId = `fr-${process.pid}-${++seq}`;
  await puppet.friendshipPayload(friendshipId, { id: friendshipId, contactId: person.id, hello, ticket: '', type: PUPPET.types.Friendship.Receive, timestamp: Date.now() });
  puppet.emit('friendship', { friendshipId });
}

const residentRow = (person: MockPerson) =>
  e2e.service.db.resident.findFirst({ where: { contactRef: person.id }, include: { bondCard: true } });

describe('bond cards (连心卡)', () => {
  it('a friend request with a card code ties the resident to its area, the location step starts there, and the case goes to the card’s cadre', async () => {
    const code = await newCard();
    const resident = newResident();
    await sendFriendRequest(resident, `我是卡友 ${code.toLowerCase()}`);
    // First contact: the privacy notice, nothing kept yet.
    await e2e.wechat.waitFor(resident.contact, (said) => said.includes(privacyTexts.notice));
    expect(await e2e.service.db.resident.count({ where: { bondCard: { code } } })).toBe(0);

    const agreed = (await resident.say('同意')).join('\n');
    expect(agreed).toContain('向阳社区');
    const card = await e2e.service.db.bondCard.findUniqueOrThrow({ where: { code }, include: { cadre: true } });
    expect(agreed).toContain(card.cadre.name);

    const [, atCategory, atLocation] = await converse(resident, ['阴沟堵了，污水流到路上', '是', '花园路1栋']);
    expect(atCategory!.join('')).toContain('在向阳社区的话');
    expect(atLocation!.join('')).toMatch(/户/);
    const replies = await converse(resident, ['12户', '是', '13811112222', '确认']);
    const caseNumber = caseNumberIn(replies[3]!);
    const filed = await e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { area: true, assignee: true } });
    expect(filed.area.code).toBe('GJ-XX-XY');
    expect(filed.locationText).toContain('花园路1栋');
    expect(filed.assignee?.code).toBe('xy-sec');
    const row = await residentRow(resident);
    expect(row?.bondCard?.code).toBe(code);
    expect(row?.consentAt).not.toBeNull();
  });

  it('takes 连心卡 <code> as a message, and answers a revoked or unknown code kindly', async () => {
    const code = await newCard();
    const revoked = await newCard();
    await revokeBondCard(e2e.service.db, { code: revoked, at: new Date() });
    const resident = newResident();
    expect((await resident.say(`连心卡 ${code}`)).join('')).toContain('收到您的连心卡：向阳社区');
    expect((await resident.say(`连心卡 ${revoked}`)).join('')).toBe(bondCardTexts.revoked);
    expect((await resident.say('连心卡 ZZ99ZZ')).join('')).toBe(bondCardTexts.unknown);
    expect((await resident.say('连心卡 你好')).join('')).toBe(bondCardTexts.format);
    // The revoked card did not replace the good one.
    expect((await residentRow(resident))?.bondCard?.code).toBe(code);
  });

  it('a revoked card no longer routes to its cadre', async () => {
    const code = await newCard();
    const resident = newResident();
    await resident.say(`连心卡 ${code}`);
    await revokeBondCard(e2e.service.db, { code, at: new Date() });
    const replies = await converse(resident, ['阴沟堵了，污水流到路上', '是', '向阳社区花园路3栋', '跳过', '是', '跳过', '确认']);
    const caseNumber = caseNumberIn(replies[6]!);
    const filed = await e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { assignee: true } });
    expect(filed.assignee?.code).not.toBe('xy-sec');
  });
});

describe('residents’ privacy', () => {
  it('keeps nothing of a resident who does not agree, and tells them how to reach a cadre', async () => {
    const resident = newResident();
    resident.agreeToPrivacy = false;
    const first = await resident.say('我家隔壁天天吵架，影响休息');
    expect(first).toEqual([privacyTexts.notice]);
    const declined = (await resident.say('不同意')).join('');
    expect(declined).toBe(privacyTexts.declined);
    expect(declined).toMatch(/村（社区）委员会|12345/);
    // Going on as if nothing happened files nothing either.
    expect((await resident.say('确认')).join('')).toBe(privacyTexts.notice);
    expect(await e2e.service.db.resident.count({ where: { displayName: resident.contact.payload.name } })).toBe(0);
    expect(await e2e.service.db.case.count({ where: { description: { contains: '我家隔壁天天吵架' } } })).toBe(0);
  });

  it('answers the first message after the resident agrees, and remembers the agreement', async () => {
    const resident = newResident();
    resident.agreeToPrivacy = false;
    expect(await resident.say('路灯坏了一个月，晚上很黑')).toEqual([privacyTexts.notice]);
    const agreed = await resident.say('同意');
    expect(agreed[0]).toBe(privacyTexts.thanks);
    expect(agreed.join('')).toMatch(/归到“道路交通”/);
    // No second notice.
    expect((await resident.say('是')).join('')).not.toContain(privacyTexts.notice);
  });

  it('删除我的信息 (after confirming) removes name and phone from every table, the case stays', async () => {
    const resident = newResident();
    const name = resident.contact.payload.name;
    const phone = `139${String(Date.now()).slice(-8)}`;
    // The phone in the first message is shown with the category and not asked again.
    const replies = await converse(resident, [`阴沟堵了，污水流到路上，电话${phone}`, '是', '向阳社区花园路5栋', '3户', '确认']);
    const caseNumber = caseNumberIn(replies[4]!);
    const residentId = (await e2e.service.db.resident.findFirstOrThrow({ where: { displayName: name } })).id;
    // This resident's cases (other test files file cases into the same database at the same time).
    const before = await e2e.service.db.case.count({ where: { residentId } });
    expect(before).toBe(1);
    expect(await e2e.service.db.outboxMessage.count({ where: { text: { contains: phone } } })).toBeGreaterThan(0);

    expect((await resident.say('删除我的信息')).join('')).toBe(privacyTexts.eraseConfirm);
    expect((await resident.say('确认删除')).join('')).toBe(privacyTexts.erased);

    expect(await e2e.service.db.case.count({ where: { residentId } })).toBe(before);
    const kept = await e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber } });
    expect(kept.contactPhone).toBeNull();
    expect(kept.description).not.toContain(phone);
    const person = await e2e.service.db.resident.findUniqueOrThrow({ where: { id: residentId } });
    expect(person).toMatchObject({ displayName: null, phone: null, contactRef: null, consentAt: null });
    expect(person.erasedAt).not.toBeNull();
    expect(await e2e.service.db.resident.count({ where: { OR: [{ displayName: name }, { phone }] } })).toBe(0);
    expect(await e2e.service.db.case.count({ where: { OR: [{ contactPhone: phone }, { description: { contains: phone } }, { locationText: { contains: phone } }] } })).toBe(0);
    expect(await e2e.service.db.caseEvent.count({ where: { note: { contains: phone } } })).toBe(0);
    expect(await e2e.service.db.outboxMessage.count({ where: { OR: [{ text: { contains: phone } }, { text: { contains: name } }] } })).toBe(0);
    expect(await e2e.service.db.followUp.count({ where: { comment: { contains: phone } } })).toBe(0);
    const session = await e2e.service.stores.sessions.get(`session:wechat:${aliasFor(resident.id)}`);
    expect(session ?? '').not.toContain(phone);
    // Starting again is like a first contact.
    resident.agreeToPrivacy = false;
    expect(await resident.say('你好')).toEqual([privacyTexts.notice]);
  });

  it('keeps the data when the resident does not confirm the removal', async () => {
    const resident = newResident();
    await converse(resident, ['你好']);
    expect((await resident.say('删除我的信息')).join('')).toBe(privacyTexts.eraseConfirm);
    expect((await resident.say('取消')).join('')).toBe(privacyTexts.eraseKept);
    expect((await e2e.service.db.resident.findFirst({ where: { consentAt: { not: null }, erasedAt: null, contactRef: resident.id } }))).not.toBeNull();
  });
});
