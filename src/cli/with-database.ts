import { type Config, loadConfig } from '../config/env';
import { loadDistrictData } from '../config/district';
import { createDb, type Db } from '../db/client';
import { openDatabase } from '../db/open-database';
import { examplesDirFor } from '../understanding';
import { type District } from '../domain/district';
import { compileDistrict } from '../config/compile-district';

/** What an operator's command works with; the database is opened for it and closed after. */
export type CliContext = { config: Config; district: District; db: Db };

export async function withDatabase(env: NodeJS.ProcessEnv, work: (ctx: CliContext) => Promise<number>): Promise<number> {
  const config = loadConfig(env);
  const district = compileDistrict(loadDistrictData(config.DISTRICT_FILE), { extraExamplesDir: examplesDirFor(config.DISTRICT_FILE) });
  // While the service runs (embedded mode), this is its own database, reached through its socket.
  const database = await openDatabase(config, undefined, 'command');
  const db = createDb(database.url, { poolSize: 2 });
  try {
    return await work({ config, district, db });
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}
