import { setUpTestRun } from '../../support/global-setup';

/** As `npm test`'s set-up, but only on the real PostgreSQL and Redis: the suite cuts their connections. */
export default async function reliabilitySetup(): Promise<void> {
  try {
    await setUpTestRun({ requireServers: true });
  } catch (err) {
    throw new Error(
      `npm run test:reliability needs a real PostgreSQL and Redis (it cuts their connections; the embedded stand-ins cannot be cut): ${(err as Error).message}. Start them, or point TEST_DATABASE_URL / TEST_REDIS_URL at them; \`npm test\` runs everything else without them.`,
    );
  }
}
