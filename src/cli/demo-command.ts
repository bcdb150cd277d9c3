import { loadDotEnv } from '../config/env';
import { DemoRefused, loadDemoQuarter } from './demo/load-demo';
import { withDatabase } from './with-database';

const USAGE = `usage:
  lianxin demo     load a quarter of cases, follow-ups and visits into the demo district
Only into a database without cases: it refuses one that already has any (real or an earlier demo).`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/** `lianxin demo`: so that the first look at the ledger and the assessment is not empty. */
export async function runDemoCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotEnv();
  if (args.length > 0) {
    io.stderr.write(`${USAGE}\n`);
    return args[0] === '--help' || args[0] === '-h' ? 0 : 2;
  }
  return withDatabase(env, async ({ db, district }) => {
    try {
      const s = await loadDemoQuarter({ db, district, now: new Date() });
      const statuses = Object.entries(s.byStatus).map(([k, v]) => `${k} ${v}`).join(', ');
      io.stdout.write(
        `loaded the demo quarter: ${s.cases} cases (${statuses}), ${s.overdue} overdue, ${s.reopened} reopened, ` +
          `${s.followUps} follow-ups answered, ${s.visits} visits.\nSign in to the dashboard as the supervisor to see them.\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof DemoRefused) {
        io.stderr.write(`lianxin demo: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  });
}
