import { types, type Message, type Wechaty } from 'wechaty';
import { contentOf, toInboundMessage } from '../../src/channels/wechaty/to-inbound-message';
import { cleanArgs } from '../../src/cli/clean-args';

/** Just what contentOf and toInboundMessage read from a Wechaty message. */
function fakeMessage(opts: { type: types.Message; text?: string; talkerName?: string }) {
  return {
    id: 'msg-1',
    type: () => opts.type,
    text: () => opts.text ?? '',
    talker: () => ({ id: 'wxid_1', name: () => opts.talkerName ?? '' }),
    date: () => new Date('2026-03-01T08:00:00+08:00'),
  } as unknown as Message;
}
const fakeBot = (location: { name: string; address: string; latitude: number; longitude: number }) =>
  ({ puppet: { messageLocation: async () => location } }) as unknown as Wechaty;
const noBot = {} as Wechaty;

describe('the WeChat adapter cleans what people typed', () => {
  it('removes NUL and control characters from a text, keeps newlines, replaces lone surrogates', async () => {
    const msg = fakeMessage({ type: types.Message.Text, text: '阴沟\u0000堵塞\u0007\r\n污水\u007f外流 \ud800 😀' });
    expect(await contentOf(noBot, msg, { attachmentsDir: '/tmp' })).toEqual({ kind: 'text', text: '阴沟堵塞\n污水外流 \ufffd 😀' });
  });

  it('cleans a text handed over after the mention is stripped, and cuts a very long one', async () => {
    const msg = fakeMessage({ type: types.Message.Text });
    const content = await contentOf(noBot, msg, { attachmentsDir: '/tmp', text: `路灯\u0000坏了${'啊'.repeat(5000)}` });
    expect(content.kind === 'text' && content.text.startsWith('路灯坏了啊')).toBe(true);
    expect(content.kind === 'text' && content.text.length).toBe(2000);
  });

  it('cleans a shared location’s place name to one line', async () => {
    const msg = fakeMessage({ type: types.Message.Location });
    const content = await contentOf(fakeBot({ name: '花园路\u00001栋', address: '向阳社区\n东门\u001b', latitude: 29.3, longitude: 104.7 }), msg, { attachmentsDir: '/tmp' });
    expect(content).toEqual({ kind: 'location', address: '花园路1栋 向阳社区 东门', latitude: 29.3, longitude: 104.7 });
  });

  it('cleans the sender’s display name, and drops one that is nothing but controls', () => {
    const content = { kind: 'text' as const, text: '你好' };
    expect(toInboundMessage(fakeMessage({ type: types.Message.Text, talkerName: '李\u0000大妈\n' }), 'LX-1', content).senderName).toBe('李大妈');
    expect(toInboundMessage(fakeMessage({ type: types.Message.Text, talkerName: '\u0000\u0001' }), 'LX-1', content).senderName).toBeUndefined();
  });
});

describe('the CLI cleans its arguments', () => {
  it('removes NUL and controls, makes each argument one line and limits its length', () => {
    expect(cleanArgs(['cadre', 'add', '--name', '张\u0000小兵', '--area', '团结村\n', 'x'.repeat(3000)])).toEqual(['cadre', 'add', '--name', '张小兵', '--area', '团结村 ', 'x'.repeat(2000)]);
  });
});
