import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config/env';
import { RegistrationError, registerCadre } from '../cadre/register-cadre';
import { issueBindingCode } from '../cadre/binding-codes';
import { withDatabase } from './with-database';

const USAGE = `usage:
  lianxin cadre add --name 张小兵 --phone 13800000000 --area 团结村 [--categories DRAINAGE,ROADS] [--role GRID_WORKER] [--lead]
  lianxin cadre code <cadre-code>      a new one-time binding code for an existing cadre
  lianxin cadre list                   cadres, their areas and whether they are bound
The cadre then sends "绑定 <code>" to the bot from their own WeChat.`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/** Administrators' commands for cadres. Exit code 2 for bad input, with the reason. */
export async function runCadreCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotEnv();
  const [sub, ...rest] = args;
  if (sub !== 'add' && sub !== 'code' && sub !== 'list') {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return withDatabase(env, async ({ config, district, db }) => {
    const at = new Date();
    try {
      if (sub === 'add') {
        let values;
        try {
          values = parseArgs({
            args: rest,
            options: {
              name: { type: 'string' },
              phone: { type: 'string' },
              area: { type: 'string' },
              categories: { type: 'string' },
              role: { type: 'string' },
              lead: { type: 'boolean' },
            },
          }).values;
        } catch (err) {
          io.stderr.write(`lianxin cadre add: ${(err as Error).message}\n${USAGE}\n`);
          return 2;
        }
        const result = await registerCadre(
          { db, district },
          {
            name: values.name ?? '',
            phone: values.phone ?? '',
            area: values.area ?? '',
            categories: values.categories ? values.categories.split(/[,，\s]+/).filter(Boolean) : [],
            role: (values.role?.toUpperCase() ?? 'GRID_WORKER') as 'GRID_WORKER',
            lead: values.lead ?? false,
          },
          { at, codeTtlHours: config.BINDING_CODE_TTL_HOURS },
        );
        io.stdout.write(
          `cadre ${result.cadre.code} added: ${result.cadre.name} (${result.cadre.areaName})\n` +
            `binding code: ${result.bindingCode}  (single use, expires ${result.expiresAt.toISOString()})\n` +
            `the cadre sends "绑定 ${result.bindingCode}" to the bot from their own WeChat\n`,
        );
        return 0;
      }
      if (sub === 'code') {
        const cadre = rest[0] ? await db.cadre.findUnique({ where: { code: rest[0] }, select: { id: true, name: true } }) : null;
        if (!cadre) {
          io.stderr.write(`lianxin cadre code: no cadre with code "${rest[0] ?? ''}"\n`);
          return 2;
        }
        const { code, expiresAt } = await issueBindingCode(db, { cadreId: cadre.id, at, ttlHours: config.BINDING_CODE_TTL_HOURS });
        io.stdout.write(`binding code for ${cadre.name}: ${code}  (single use, expires ${expiresAt.toISOString()})\n`);
        return 0;
      }
      const cadres = await db.cadre.findMany({ include: { area: { select: { name: true } } }, orderBy: { id: 'asc' } });
      for (const c of cadres) {
        io.stdout.write(`${c.code}\t${c.name}\t${c.area.name}\t${c.role}${c.isLead ? ' (lead)' : ''}\t${c.wechatKey ? 'bound' : 'not bound'}\n`);
      }
      return 0;
    } catch (err) {
      if (err instanceof RegistrationError) {
        io.stderr.write(`lianxin cadre ${sub}: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  });
}
