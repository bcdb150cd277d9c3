import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Every installed package (nested ones too) that has an install script, as npm counts them. */
function packagesWithInstallScripts(dir: string, found = new Set<string>()): Set<string> {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(path.join(dir, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const home = path.join(dir, name);
      const file = path.join(home, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
      const s = pkg.scripts ?? {};
      // npm runs `node-gyp rebuild` for a package with a binding.gyp and no install script of its own.
      if (s.preinstall || s.install || s.postinstall || existsSync(path.join(home, 'binding.gyp'))) found.add(name);
      packagesWithInstallScripts(path.join(home, 'node_modules'), found);
    }
  }
  return found;
}

describe('npm install', () => {
  it('has a decision in allowScripts for every dependency with an install script, so npm prints no install-scripts warning', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
    const decided = new Set(Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(?<=.)@.*$/, '')));
    const scripted = [...packagesWithInstallScripts(path.join(ROOT, 'node_modules'))].sort();
    expect(scripted.length).toBeGreaterThan(0);
    expect(scripted.filter((name) => !decided.has(name))).toEqual([]);
  });
});
