/**
 * Errors that mean "the database cannot be reached right now", as opposed to a fault in the
 * request: connection refused or dropped, a pool that timed out, Prisma's "can't reach" codes and
 * PostgreSQL's connection-exception and shutdown classes. Causes are followed (wrapped errors).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|P1001|P1002|P1008|P1017|P2024|08\w{3}|57P0[1-3]|53300)$/.test(code)) return true;
    if (typeof message === 'string' && /ECONNREFUSED|ECONNRESET|Connection terminated|connect ETIMEDOUT|timeout exceeded when trying to connect|Can't reach database|Server has closed the connection/i.test(message)) return true;
  }
  return false;
}
