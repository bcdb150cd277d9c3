import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from './app';

/** The app, listening (the http role). Closing it finishes requests in flight. */
export async function startHttpServer(opts: AppOptions & { host: string; port: number }): Promise<FastifyInstance> {
  const app = await buildApp(opts);
  await app.listen({ host: opts.host, port: opts.port });
  opts.logger.info('http listening', { host: opts.host, port: opts.port });
  return app;
}
