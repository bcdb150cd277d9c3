import { loadConfig } from '../../src/config/env';
import { loadDistrictData } from '../../src/config/district';
import { ConfigError } from '../../src/config/config-error';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('configuration', () => {
  it('has a working default for every variable', () => {
    const config = loadConfig({});
    // No database or Redis named: the embedded, single-instance default.
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.EMBEDDED_DATA_DIR).toBe('data/embedded');
    expect(config.sessionIdleMs).toBe(30 * 60_000);
    expect(config.logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
  });

  it('names every wrong variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: 'soon', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(message).toMatch(/SESSION_IDLE_MINUTES/);
    expect(message).toMatch(/LOG_LEVEL/);
  });

  it('refuses several HTTP processes without PostgreSQL and Redis, or without the http role', () => {
    const servers = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadConfig({}).HTTP_PROCESSES).toBe(1);
    expect(loadConfig({ ...servers, HTTP_PROCESSES: '4' }).HTTP_PROCESSES).toBe(4);
    // Embedded mode (PGlite, in-process store) is one process.
    expect(() => loadConfig({ HTTP_PROCESSES: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_PROCESSES: '2' })).toThrow(/HTTP_PROCESSES: more than one HTTP process needs DATABASE_URL/);
    expect(() => loadConfig({ HTTP_PROCESSES: '2', DATABASE_URL: servers.DATABASE_URL })).toThrow(/needs REDIS_URL/);
    expect(() => loadConfig({ ...servers, HTTP_PROCESSES: '2', REDIS_URL: 'memory://shared' })).toThrow(/needs REDIS_URL/);
    expect(() => loadConfig({ ...servers, HTTP_PROCESSES: '2', ROLES: 'bot,jobs' })).toThrow(/need the http role/);
    expect(() => loadConfig({ ...servers, HTTP_PROCESSES: '0' })).toThrow(/HTTP_PROCESSES/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ LOG_FORMAT: '', SESSION_IDLE_MINUTES: '' }).SESSION_IDLE_MINUTES).toBe(30);
  });

  it('loads the bundled district and refuses a broken one with the reasons', () => {
    const data = loadDistrictData();
    expect(data.district.caseNumberPrefix).toBe('GJ');
    expect(new Set(data.categories.map((c) => c.ledger))).toEqual(
      new Set(['LIVELIHOOD', 'HARDSHIP', 'STABILITY', 'VILLAGE_AFFAIRS', 'SENTIMENT', 'PARTY_AFFAIRS']),
    );
    const broken = { ...data, categories: data.categories.map((c) => (c.code === 'DISPUTE' ? { ...c, ledger: 'NOPE' } : c)) };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lx-')), 'district.json');
    writeFileSync(file, JSON.stringify(broken));
    expect(() => loadDistrictData(file)).toThrow(/invalid[\s\S]*ledger/);
    expect(() => loadDistrictData('/nonexistent.json')).toThrow(ConfigError);
  });

  it('takes category roles from the district file: defaults when left out, a clear refusal when they name no category', () => {
    const data = loadDistrictData();
    expect(data.categoryRoles).toEqual({ dispute: ['DISPUTE'], suggestion: ['SUGGESTION'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'lx-'));
    const write = (name: string, content: unknown) => {
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify(content));
      return file;
    };
    const { categoryRoles: _left, ...withoutRoles } = data;
    expect(loadDistrictData(write('no-roles.json', withoutRoles)).categoryRoles).toEqual({ dispute: ['DISPUTE'], suggestion: ['SUGGESTION'] });
    const renamed = { ...data, categoryRoles: { dispute: ['QUARREL'] } };
    expect(() => loadDistrictData(write('unknown-role-code.json', renamed))).toThrow(/categoryRoles\.dispute names unknown category QUARREL/);
    const noDisputes = { ...withoutRoles, categories: data.categories.filter((c) => c.code !== 'DISPUTE'), areas: { ...data.areas, children: [] } };
    expect(() => loadDistrictData(write('default-role-missing.json', noDisputes))).toThrow(/categoryRoles\.dispute names unknown category DISPUTE/);
    const declared = { ...noDisputes, categoryRoles: { dispute: [] } };
    expect(loadDistrictData(write('declared.json', declared)).categoryRoles).toEqual({ dispute: [], suggestion: ['SUGGESTION'] });
  });
});
