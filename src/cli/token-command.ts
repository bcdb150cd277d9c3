import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config/env';
import { issueApiToken } from '../access/api-tokens';
import { withDatabase } from './with-database';

const USAGE = `usage:
  lianxin token create --cadre <cadre-code> [--label <text>]   admin API token for a cadre (a supervisor's sees the district)
  lianxin token create --open311 --label <client name>          Open311 api_key for an outside system
  lianxin token list
  lianxin token revoke <id>
The token is printed once; only its hash is stored.`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

export async function runTokenCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotEnv();
  const [sub, ...rest] = args;
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return withDatabase(env, async ({ db }) => {
    if (sub === 'list') {
      for (const t of await db.apiToken.findMany({ include: { cadre: { select: { code: true } } }, orderBy: { id: 'asc' } })) {
        io.stdout.write(`${t.id}\t${t.kind}\t${t.cadre?.code ?? '-'}\t${t.label}\t${t.revokedAt ? 'revoked' : 'active'}\n`);
      }
      return 0;
    }
    if (sub === 'revoke') {
      const id = Number(rest[0]);
      const done = Number.isInteger(id) ? await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } }) : { count: 0 };
      if (done.count !== 1) {
        io.stderr.write(`lianxin token revoke: no active token with id "${rest[0] ?? ''}"\n`);
        return 2;
      }
      io.stdout.write(`token ${id} revoked\n`);
      return 0;
    }
    let values;
    try {
      values = parseArgs({ args: rest, options: { cadre: { type: 'string' }, open311: { type: 'boolean' }, label: { type: 'string' } } }).values;
    } catch (err) {
      io.stderr.write(`lianxin token create: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (Boolean(values.cadre) === Boolean(values.open311)) {
      io.stderr.write(`lianxin token create: give exactly one of --cadre <code> or --open311\n${USAGE}\n`);
      return 2;
    }
    if (values.open311) {
      if (!values.label) {
        io.stderr.write('lianxin token create: --label is required for an Open311 client\n');
        return 2;
      }
      io.stdout.write(`${await issueApiToken(db, { kind: 'OPEN311', label: values.label })}\n`);
      return 0;
    }
    const cadre = await db.cadre.findUnique({ where: { code: values.cadre! }, select: { id: true, name: true } });
    if (!cadre) {
      io.stderr.write(`lianxin token create: no cadre with code "${values.cadre}"\n`);
      return 2;
    }
    io.stdout.write(`${await issueApiToken(db, { kind: 'CADRE', cadreId: cadre.id, label: values.label ?? cadre.name })}\n`);
    return 0;
  });
}
