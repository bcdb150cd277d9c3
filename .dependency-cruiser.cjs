/**
 * Which way imports may run in src/ (issue 14, item 6). Run by `npm run lint:deps`, first
 * thing in `npm test`; any violation fails the run.
 *
 * The shape: the pure core (dialogue/, domain/) knows nothing of the database, Redis, the
 * network or WeChat, so it can be read and tested alone. The edges (http/, cli/, channels/)
 * talk to the outside world and are imported only by themselves and by the composition root
 * (src/main.ts and src/service.ts, which wire every part together and so may import any).
 * Code the CLI shares with HTTP lives below both (domain/, cases/, privacy/ …), never in http/.
 */

/** Modules that do I/O: our own adapters and the libraries behind them. */
const IO_OWN = '^src/(db|redis|stores|http|channels|cli)/';
const IO_GENERATED = '^src/generated/prisma/(client|internal|models)';
const IO_PACKAGES =
  '(^|/)node_modules/(@prisma/[^/]+|prisma|pg|pg-[^/]+|ioredis|wechaty[^/]*|fastify[^/]*|@fastify/[^/]+|@wecom/[^/]+)/';
const IO_CORE = '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|dns)$';

/** The composition root: the only modules outside the edges that may import an edge. */
const COMPOSITION_ROOT = '^src/(main|service)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and the two modules one; move the shared part below both.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-core-no-io',
      severity: 'error',
      comment:
        'dialogue/ and domain/ are pure: no database, Redis, HTTP, channel, CLI, file or network module. ' +
        'Take what they need as data or as a small interface from the caller.',
      from: { path: '^src/(dialogue|domain)/' },
      to: { path: [IO_OWN, IO_GENERATED, IO_PACKAGES, IO_CORE] },
    },
    {
      name: 'pure-core-no-io-reachable',
      severity: 'error',
      comment: 'Not through another module either: what dialogue/ and domain/ import must be pure all the way down.',
      from: { path: '^src/(dialogue|domain)/' },
      to: { path: [IO_OWN, IO_GENERATED, IO_PACKAGES, IO_CORE], reachable: true },
    },
    {
      name: 'pure-core-imports-pure-only',
      severity: 'error',
      comment:
        'dialogue/ and domain/ import only each other, the message catalogue, district data shapes, ' +
        'the understanding\'s types and Prisma\'s enums; shared things they need move into domain/. ' +
        'cards/bond-card-code.ts is pure (the code format on a bond card) and owned by the card work.',
      from: { path: '^src/(dialogue|domain)/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/(dialogue|domain)/',
          '^src/messages/',
          '^src/config/district-schema\\.ts$',
          '^src/understanding/types\\.ts$',
          '^src/generated/prisma/enums\\.ts$',
          '^src/cards/bond-card-code\\.ts$',
        ],
      },
    },
    {
      name: 'domain-below-dialogue',
      severity: 'error',
      comment: 'domain/ is the vocabulary every part shares; the resident dialogue builds on it, not the reverse.',
      from: { path: '^src/domain/' },
      to: { path: '^src/dialogue/' },
    },
    {
      name: 'services-below-dialogue',
      severity: 'error',
      comment:
        'The resident dialogue is driven by the router (inbound/) and read by the channels and the catalogue; ' +
        'cases, export, notices, jobs and the rest take shared types from domain/ instead.',
      from: { path: '^src/(cases|export|outbox|dispatcher|jobs|assessment|privacy|db|redis|stores|schedules|observability|logging|config|cadre|cards|access)/' },
      to: { path: '^src/dialogue/' },
    },
    {
      name: 'export-used-by-edges-only',
      severity: 'error',
      comment: 'export/ writes spreadsheets for the desk, the CLI and jobs; shared vocabulary (ledger names) lives in domain/.',
      from: { path: '^src/', pathNot: ['^src/(export|http|cli|jobs)/', COMPOSITION_ROOT] },
      to: { path: '^src/export/' },
    },
    {
      name: 'edges-imported-only-by-edges',
      severity: 'error',
      comment:
        'http/, cli/ and channels/ are the edges: nothing below them imports them (only the ' +
        'composition root, src/main.ts and src/service.ts, wires them in).',
      from: { path: '^src/', pathNot: ['^src/(http|cli|channels)/', COMPOSITION_ROOT] },
      to: { path: '^src/(http|cli|channels)/' },
    },
    {
      name: 'cli-not-through-http',
      severity: 'error',
      comment: 'The CLI uses the same domain/service modules as HTTP, not HTTP itself.',
      from: { path: '^src/cli/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'cli-commands-independent',
      severity: 'error',
      comment:
        'One command does not import another; what two commands share lives in a shared module ' +
        '(the entry point lianxin.ts and the small helpers with-database.ts and clean-args.ts excepted).',
      from: { path: '^src/cli/[^/]+-command\\.ts$' },
      to: { path: '^src/cli/[^/]+-command\\.ts$' },
    },
  ],
  options: {
    // The generated Prisma client is a target (so the pure core can be kept off it) but is not cruised.
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
