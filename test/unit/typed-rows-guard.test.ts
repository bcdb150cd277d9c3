import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');

/** The helper itself and the Queryable adapter are the only places a row type is asserted. */
const ALLOWED = new Set(['db/typed-sql.ts', 'db/client.ts']);

/** A raw statement with a generic row type: `x.query<T>(`, `$queryRaw<T>`, `$queryRawUnsafe<T>`. */
const UNCHECKED = /\.query<|\$queryRaw(Unsafe)?</;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

// The rule in README.md, "Data access": raw rows are typed by a zod schema (sqlRows / pgRows in
// src/db/typed-sql.ts), checked as they arrive, never by a generic that only asserts a type.
test('every raw statement reads its rows through sqlRows or pgRows', () => {
  const offenders = sourceFiles(SRC).flatMap((file) => {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (ALLOWED.has(rel)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (UNCHECKED.test(line) ? [`src/${rel}:${i + 1}: ${line.trim()}`] : []));
  });
  expect(offenders).toEqual([]);
});
