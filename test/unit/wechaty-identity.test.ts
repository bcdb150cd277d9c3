import type { Contact } from 'wechaty';
import { aliasFor, senderKeyOf, STABLE_ALIAS } from '../../src/channels/wechaty/to-inbound-message';

/** Just the two calls senderKeyOf makes on a Wechaty contact. */
function fakeContact(id: string, alias?: string) {
  const written: string[] = [];
  const contact = {
    id,
    alias: async (value?: string) => {
      if (value === undefined) return alias;
      written.push(value);
      return undefined;
    },
  } as unknown as Contact;
  return { contact, written };
}

describe('a resident’s identity on WeChat', () => {
  it('derives a stable LX- key from the contact and writes it as the remark once', async () => {
    const { contact, written } = fakeContact('wxid_abc');
    const remarked = new Set<string>();
    const first = await senderKeyOf(contact, remarked, () => undefined);
    const second = await senderKeyOf(contact, remarked, () => undefined);
    expect(first).toBe(aliasFor('wxid_abc'));
    expect(first).toMatch(STABLE_ALIAS);
    expect(second).toBe(first);
    expect(written).toEqual([first]);
  });

  it('stays the same resident when a re-login hands out a new contact id but the remark is kept', async () => {
    const key = aliasFor('@old-session-id');
    const { contact, written } = fakeContact('@new-session-id', key);
    expect(await senderKeyOf(contact, new Set(), () => undefined)).toBe(key);
    expect(written).toEqual([]);
  });

  it('ignores a remark a person set by hand', async () => {
    const { contact } = fakeContact('wxid_x', '张阿姨');
    expect(await senderKeyOf(contact, new Set(), () => undefined)).toBe(aliasFor('wxid_x'));
  });

  it('still answers when the puppet cannot write remarks', async () => {
    const contact = {
      id: 'wxid_y',
      alias: async (value?: string) => {
        if (value !== undefined) throw new Error('not supported');
        return undefined;
      },
    } as unknown as Contact;
    const errors: unknown[] = [];
    expect(await senderKeyOf(contact, new Set(), (e) => errors.push(e))).toBe(aliasFor('wxid_y'));
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(1);
  });
});
