/**
 * Lets a child process run the TypeScript sources as they are now (not a possibly stale dist/):
 * each .ts file is transpiled on require, without type checking (tsc does that before the suite).
 * Output is cached by path, size and mtime: the service is started several times per run.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const cacheDir = path.join(__dirname, '../../../node_modules/.cache/lianxin-reliability');
fs.mkdirSync(cacheDir, { recursive: true });
let ts = null;
const options = { module: 1 /* CommonJS */, target: 9 /* ES2022 */, esModuleInterop: true, inlineSourceMap: true };

require.extensions['.ts'] = function compileTs(module, filename) {
  const stat = fs.statSync(filename);
  const key = crypto.createHash('sha1').update(`${filename}:${stat.size}:${stat.mtimeMs}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    output = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename }).outputText;
    fs.writeFileSync(`${cached}.${process.pid}`, output);
    fs.renameSync(`${cached}.${process.pid}`, cached);
  }
  module._compile(output, filename);
};
