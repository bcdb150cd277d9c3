import { PassThrough } from 'node:stream';
import { maskName, maskPhones } from '../../src/domain/masking';
import { createLogger } from '../../src/logging/logger';

function capture(format: 'json' | 'pretty') {
  const stream = new PassThrough();
  const out: string[] = [];
  stream.on('data', (c: Buffer) => out.push(c.toString('utf8')));
  return { logger: createLogger({ format, level: 'debug', stream }), out };
}

describe('logging', () => {
  it('masks mobile and landline numbers wherever they appear', () => {
    expect(maskPhones('请联系13812345678或0813-8123456')).toBe('请联系138****5678或0813-****3456');
    expect(maskPhones('case GJ-20260226-0042')).toBe('case GJ-20260226-0042');
  });

  it('masks names, keeping the family name', () => {
    expect(maskName('张小兵')).toBe('张**');
    expect(maskName('王')).toBe('*');
  });

  it('writes JSON lines with the case number, masked phone and name, and no secrets', () => {
    const { logger, out } = capture('json');
    logger.info('case filed for 13812345678', {
      caseNumber: 'GJ-20260226-0042',
      messageId: 'm-1',
      senderName: '张小兵',
      nested: { phone: '13912345678' },
      token: 'abc-secret',
    });
    const line = JSON.parse(out.join('').trim());
    expect(line).toMatchObject({
      level: 'info',
      message: 'case filed for 138****5678',
      caseNumber: 'GJ-20260226-0042',
      messageId: 'm-1',
      senderName: '张**',
      nested: { phone: '139****5678' },
      token: '[redacted]',
    });
    expect(out.join('')).not.toMatch(/13812345678|13912345678|abc-secret|小兵/);
  });

  it('keeps errors readable instead of logging {}', () => {
    const { logger, out } = capture('json');
    logger.error('failed', { err: new Error('boom 13812345678') });
    const line = JSON.parse(out.join('').trim());
    expect(line.err).toMatchObject({ name: 'Error', message: 'boom 138****5678' });
    expect(line.err.stack).toContain('Error');
  });

  it('is readable text in development', () => {
    const { logger, out } = capture('pretty');
    logger.info('hello', { caseNumber: 'GJ-20260226-0001' });
    expect(out.join('')).toMatch(/info hello \{"caseNumber":"GJ-20260226-0001"\}/);
  });
});
