import type { AreaInput, DistrictData } from '../config/district-schema';
import type { Db } from './client';

/**
 * Writes the district's areas and cadres from its data file. Idempotent (upsert by code), so it
 * runs at every start: editing the file and restarting updates names, leads and categories.
 * A cadre's WeChat binding is never touched here.
 */
export async function seedDistrict(db: Db, data: DistrictData): Promise<{ areas: number; cadres: number }> {
  let areas = 0;
  let cadres = 0;
  const walk = async (area: AreaInput, parentId: number | null): Promise<void> => {
    const fields = { name: area.name, kind: area.kind, aliases: area.aliases ?? [], parentId };
    const row = await db.area.upsert({ where: { code: area.code }, create: { code: area.code, ...fields }, update: fields });
    areas++;
    for (const c of area.cadres ?? []) {
      const cadre = { name: c.name, phone: c.phone, role: c.role, categories: c.categories, isLead: c.lead, areaId: row.id };
      await db.cadre.upsert({ where: { code: c.code }, create: { code: c.code, ...cadre }, update: cadre });
      cadres++;
    }
    for (const child of area.children ?? []) await walk(child, row.id);
  };
  await walk(data.areas, null);
  return { areas, cadres };
}

/** Creates the database named in the URL if the server does not have it yet (first start). */
export async function ensureDatabase(connectionString: string): Promise<boolean> {
  const { Client } = await import('pg');
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) return false;
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (err) {
    // Another instance created it at the same moment: that is fine.
    if ((err as { code?: string }).code === '42P04') return false;
    throw err;
  } finally {
    await admin.end();
  }
}
