import { loadConfig } from '../config/env';
import { loadDistrictData } from '../config/district';
import { createAccessTokens } from '../channels/official-account/access-token';
import { createWechatApi } from '../channels/official-account/api';
import { wechatMenu } from '../channels/official-account/menu';
import { officialAccountSettings } from '../channels/official-account/settings';
import { openStores } from '../stores/open-stores';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

const USAGE = `usage: lianxin wechat-mp menu [--dry-run]
  menu        push the custom menu in the district data (officialAccount.menu) to the Official Account
  --dry-run   print the menu as WeChat receives it, without sending it
`;

/** `lianxin wechat-mp menu`: the district's menu, pushed with the shared access token. */
export async function runWechatMpCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'menu' || rest.some((a) => a !== '--dry-run')) {
    io.stderr.write(USAGE);
    return 1;
  }
  const config = loadConfig(env);
  const menu = wechatMenu(loadDistrictData(config.DISTRICT_FILE).officialAccount.menu);
  if (rest.includes('--dry-run')) {
    io.stdout.write(`${JSON.stringify(menu, null, 2)}\n`);
    return 0;
  }
  const settings = officialAccountSettings(config);
  if (!settings) {
    io.stderr.write('lianxin: set WECHAT_MP_APP_ID, WECHAT_MP_APP_SECRET and WECHAT_MP_TOKEN first\n');
    return 2;
  }
  // The running service's Redis, so the token it holds is reused rather than replaced.
  const stores = openStores(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  try {
    const tokens = createAccessTokens({ ...stores, apiBase: settings.apiBase, appId: settings.appId, appSecret: settings.appSecret });
    await createWechatApi({ apiBase: settings.apiBase, tokens }).createMenu(menu);
    io.stdout.write(`menu pushed: ${menu.button.length} buttons\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`lianxin: menu not pushed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await stores.close();
  }
}
