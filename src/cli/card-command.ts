import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config/env';
import { normaliseBondCardCode } from '../cards/bond-card-code';
import { BondCardError, createBondCards, listBondCards, revokeBondCard } from '../cards/bond-cards';
import { renderCardSheet } from '../cards/card-sheet';
import { renderCardSheetPdf } from '../cards/card-sheet-pdf';
import { withDatabase } from './with-database';
import type { Db } from '../db/client';

const USAGE = `usage:
  lianxin card create --area <area code or name> --cadre <cadre-code> [--count N]   new bond cards (连心卡), codes printed
  lianxin card list [--area <area>]                                                 cards, their cadre, status and residents tied
  lianxin card revoke <code>                                                        the code is refused from now on
  lianxin card sheet --area <area> --out cards.pdf [--format pdf|png] [--cadre <code>]   printable sheet of the area's active cards
The QR codes link to PUBLIC_BASE_URL/chat?card=<code>. The PDF (the default) is A4, ten 干群连心卡 a page with cut marks;
the PNG is the older sheet without Chinese, for pre-printed card stock.`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

const MAX_CARDS_AT_ONCE = 500;

export async function runCardCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotEnv();
  const [sub, ...rest] = args;
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke' && sub !== 'sheet') {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let values: { area?: string; cadre?: string; count?: string; out?: string; format?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { area: { type: 'string' }, cadre: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } },
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
  const format = values.format ?? (values.out?.toLowerCase().endsWith('.png') ? 'png' : 'pdf');
  if (sub === 'sheet' && format !== 'pdf' && format !== 'png') return fail('--format must be pdf or png');
  const code = sub === 'revoke' ? normaliseBondCardCode(positionals[0] ?? '') : null;
  if (sub === 'revoke' && !code) return fail(`"${positionals[0] ?? ''}" is not a card code`);

  return withDatabase(env, async ({ config, db, district }) => {
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
          if (format === 'pdf') {
            const printPhone = district.data.bondCards.printPhone;
            const sheet = await renderCardSheetPdf({ db, publicBaseUrl: config.PUBLIC_BASE_URL, printPhone }, { areaCode: await areaCodeOf(db, values.area!), cadreCode: values.cadre });
            await writeFile(values.out!, sheet.pdf);
            io.stdout.write(`wrote ${sheet.cards.length} cards on ${sheet.pages} A4 pages (PDF) to ${values.out}\n`);
            return 0;
          }
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

/** The area's code from its code or name, as operators type it. */
async function areaCodeOf(db: Db, codeOrName: string): Promise<string> {
  const area = await db.area.findFirst({ where: { OR: [{ code: codeOrName }, { name: codeOrName }] }, select: { code: true } });
  if (!area) throw new BondCardError(`no area "${codeOrName}"`);
  return area.code;
}
