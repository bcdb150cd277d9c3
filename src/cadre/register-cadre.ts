import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { District } from '../domain/district';
import { issueBindingCode } from './binding-codes';

const ROLES = ['GRID_WORKER', 'VILLAGE_CADRE', 'BRANCH_SECRETARY', 'TOWN_CADRE', 'SUPERVISOR'] as const;

export const registerCadreSchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'name is required' }).max(20),
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/, { error: 'phone must be an 11-digit mobile number' }),
  /** An area code (GJ-QT-TJ) or name (团结村). */
  area: z.string().trim().min(1, { error: 'area is required' }),
  categories: z.array(z.string().trim().toUpperCase()).default([]),
  role: z.enum(ROLES).default('GRID_WORKER'),
  lead: z.boolean().default(false),
});
export type RegisterCadreInput = z.input<typeof registerCadreSchema>;

export class RegistrationError extends Error {
  override name = 'RegistrationError';
}

/** An administrator adds a cadre; the one-time binding code is what they hand over. */
export async function registerCadre(
  deps: { db: Db; district: District },
  raw: RegisterCadreInput,
  opts: { at: Date; codeTtlHours: number },
): Promise<{ cadre: { id: number; code: string; name: string; areaName: string }; bindingCode: string; expiresAt: Date }> {
  const parsed = registerCadreSchema.safeParse(raw);
  if (!parsed.success) throw new RegistrationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  const input = parsed.data;
  const area = deps.district.area(input.area) ?? deps.district.areas.find((a) => a.name === input.area || a.aliases.includes(input.area));
  if (!area) throw new RegistrationError(`area: no area with code or name "${input.area}"`);
  const unknown = input.categories.filter((c) => !deps.district.categories.some((k) => k.code === c));
  if (unknown.length) {
    throw new RegistrationError(`categories: unknown ${unknown.join(', ')} (known: ${deps.district.categories.map((c) => c.code).join(', ')})`);
  }
  const areaRow = await deps.db.area.findUniqueOrThrow({ where: { code: area.code }, select: { id: true } });
  const cadre = await deps.db.cadre.create({
    data: {
      code: `c-${randomBytes(4).toString('hex')}`,
      name: input.name,
      phone: input.phone,
      role: input.role,
      categories: input.categories,
      isLead: input.lead,
      areaId: areaRow.id,
      createdAt: opts.at,
    },
    select: { id: true, code: true, name: true },
  });
  const { code, expiresAt } = await issueBindingCode(deps.db, { cadreId: cadre.id, at: opts.at, ttlHours: opts.codeTtlHours });
  return { cadre: { ...cadre, areaName: area.name }, bindingCode: code, expiresAt };
}
