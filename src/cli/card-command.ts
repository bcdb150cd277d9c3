import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config/env';
import { normaliseBondCardCode } from '../cards/bond-card-code';
import { BondCardError, createBondCards, listBondCards, revokeBondCard } from '../cards/bond-cards';
import { renderCardSheet } from '../cards/card-sheet';
import { withDatabase } from './with-database';

const USAGE = `usage:
  lianxin card create --area <area code or name> --cadre <cadre-code> [--count N]   new bond cards (连心卡), codes printed
  lianxin card list [--area <area>]                                                 cards, their cadre, status and residents tied
  lianxin card revoke <code>                                                        the code is refused from now on
  lianxin card sheet --area <area> --out cards.png                                  printable sheet of the area's active cards
The QR codes link to PUBLIC_BASE_URL/chat?card=<code>. The sheet prints no Chinese (no CJK font on these machines).`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

const MAX_CARDS_AT_ONCE = 500;

export async function runCardCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotEnv();
  const [sub, ...rest] = args;
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke' && sub !== 'sheet') {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let values: { area?: string; cadre?: string; count?: string; out?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { area: { type: 'string' }, cadre: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' } },
    }));
  } catch (err) {
    io.stderr.write(`lianxin card ${sub}: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const fail = (message: string) => {
    io.stderr.write(`lianxin card ${sub}: ${message}\n`);
    return 2;
  };
  const count = values.count === undefined ? 1 : Number(values.count);
  if (sub === 'create' && (!values.area || !values.cadre)) return fail('--area and --cadre are required');
  if (sub === 'create' && (!Number.isInteger(count) || count < 1 || count > MAX_CARDS_AT_ONCE)) return fail(`--count must be 1 to ${MAX_CARDS_AT_ONCE}`);
  if (sub === 'sheet' && (!values.area || !values.out)) return fail('--area and --out are required');
  const code = sub === 'revoke' ? normaliseBondCardCode(positionals[0] ?? '') : null;
  if (sub === 'revoke' && !code) return fail(`"${positionals[0] ?? ''}" is not a card code`);

  return withDatabase(env, async ({ config, db }) => {
    const at = new Date();
    try {
      switch (sub) {
        case 'create':
          for (const card of await createBondCards(db, { area: values.area!, cadreCode: values.cadre!, count, at })) {
            io.stdout.write(`${card.code}\t${card.areaCode}\t${card.cadreCode}\n`);
          }
          return 0;
        case 'list':
          for (const c of await listBondCards(db, { area: values.area })) {
            io.stdout.write(`${c.code}\t${c.areaCode}\t${c.areaName}\t${c.cadreCode}\t${c.cadreName}\t${c.revokedAt ? 'revoked' : 'active'}\t${c.residents}\n`);
          }
          return 0;
        case 'revoke':
          if (!(await revokeBondCard(db, { code: code!, at }))) return fail(`no active card ${code}`);
          io.stdout.write(`card ${code} revoked\n`);
          return 0;
        case 'sheet': {
          const sheet = await renderCardSheet({ db, publicBaseUrl: config.PUBLIC_BASE_URL }, { areaCode: values.area! });
          await writeFile(values.out!, sheet.png);
          io.stdout.write(`wrote ${sheet.cards.length} cards (${sheet.width}x${sheet.height} PNG) to ${values.out}\n`);
          return 0;
        }
      }
    } catch (err) {
      if (err instanceof BondCardError) return fail(err.message);
      throw err;
    }
  });
}
