#!/usr/bin/env node
/** The `lianxin` command: `lianxin start` runs the service; the rest are operators' tools. */
import { runClassifyCommand } from './classify-command';
import { cleanArgs } from './clean-args';

const USAGE = `usage: lianxin <command>

  start                 run the service (same as npm start)
  migrate               create the database if needed and apply pending migrations
  cadre add|code|list   register cadres and issue their one-time WeChat binding codes
  demo                  load a quarter of demo cases, follow-ups and visits (only into a database without cases)
  stats [--from D] [--to D] [--area A] [--json]   assessment (default: this month): the three rates and counts per area and cadre
  export --out F [--format xlsx|csv] [--from D --to D] [--area A] [--show-phones]   the ledger workbook
  token create|list|revoke   API tokens: a cadre's for the admin API, an Open311 client's api_key
  card create|list|revoke|sheet   bond cards (干群连心卡): create for an area and cadre, revoke, print an A4 PDF sheet
  wechat-mp menu [--dry-run]   push the district's custom menu to the WeChat Official Account
  classify "<text>"     suggest category, ledger and priority for a resident's text (JSON)
  classify              same, one text per line from standard input, one JSON line each
  classify --eval F.jsonl [--mistakes]   measure category, emergency and intent reading on a labelled file
`;

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'start': {
      const { main } = await import('../main');
      await main();
      return -1; // keeps running until a signal
    }
    case 'migrate': {
      // Creates the database if needed and applies pending migrations (also done by start).
      const { loadConfig, loadDotEnv } = await import('../config/env');
      const { openDatabase } = await import('../db/open-database');
      loadDotEnv();
      const database = await openDatabase(loadConfig());
      await database.stop();
      const where = database.via === 'running service' ? ' (embedded database of the running service)' : database.embedded ? ' (embedded database)' : '';
      process.stdout.write(`applied ${database.applied}, already applied ${database.alreadyApplied}${where}\n`);
      return 0;
    }
    case 'cadre': {
      const { runCadreCommand } = await import('./cadre-command');
      return runCadreCommand(args, { stdout: process.stdout, stderr: process.stderr });
    }
    case 'demo': {
      const { runDemoCommand } = await import('./demo-command');
      return runDemoCommand(args, { stdout: process.stdout, stderr: process.stderr }, process.env);
    }
    case 'stats': {
      const { runStatsCommand } = await import('./stats-command');
      return runStatsCommand(args, { stdout: process.stdout, stderr: process.stderr }, process.env);
    }
    case 'export': {
      const { runExportCommand } = await import('./export-command');
      return runExportCommand(args, { stdout: process.stdout, stderr: process.stderr }, process.env);
    }
    case 'card': {
      const { runCardCommand } = await import('./card-command');
      return runCardCommand(args, { stdout: process.stdout, stderr: process.stderr });
    }
    case 'token': {
      const { runTokenCommand } = await import('./token-command');
      return runTokenCommand(args, { stdout: process.stdout, stderr: process.stderr });
    }
    case 'wechat-mp': {
      const { loadDotEnv } = await import('../config/env');
      const { runWechatMpCommand } = await import('./wechat-mp-command');
      loadDotEnv();
      return runWechatMpCommand(args, { stdout: process.stdout, stderr: process.stderr });
    }
    case 'classify':
      return runClassifyCommand(args, { stdin: process.stdin, stdout: process.stdout });
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`lianxin: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

run(cleanArgs(process.argv.slice(2))).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`lianxin: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
