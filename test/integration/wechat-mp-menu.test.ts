import { runWechatMpCommand } from '../../src/cli/wechat-mp-command';
import { runCli } from '../support/run-cli';
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in';
import { MP, officialAccountEnv } from '../support/official-account-client';
import { uniqueKey } from '../support/test-service';

let wechat: WechatStandIn;
beforeAll(async () => {
  wechat = await startWechatStandIn({ appId: MP.appId, appSecret: MP.appSecret });
});
afterAll(() => wechat.close());

describe('npx lianxin wechat-mp menu', () => {
  it('pushes the district\'s menu (我要反映 / 我的案件 / 连心卡) with the shared access token', async () => {
    const env = { ...process.env, ...officialAccountEnv(wechat.url), REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${uniqueKey('menu')}:` };
    const done = await runCli(runWechatMpCommand, ['menu'], env);
    expect(done).toMatchObject({ code: 0, out: 'menu pushed: 3 buttons\n' });
    expect(wechat.menus).toEqual([{ button: [
      { type: 'click', name: '我要反映', key: 'REPORT' },
      { type: 'click', name: '我的案件', key: 'MY_CASES' },
      { type: 'click', name: '连心卡', key: 'BOND_CARD' },
    ] }]);
    expect(done.out + done.err).not.toContain(MP.appSecret);
  });

  it('says what is missing, and refuses unknown arguments', async () => {
    expect((await runCli(runWechatMpCommand, ['menu'], { ...process.env, WECHAT_MP_APP_ID: '' })).code).toBe(2);
    expect((await runCli(runWechatMpCommand, ['menus'], process.env)).code).toBe(1);
    const dry = await runCli(runWechatMpCommand, ['menu', '--dry-run'], process.env);
    expect(JSON.parse(dry.out).button).toHaveLength(3);
  });
});
