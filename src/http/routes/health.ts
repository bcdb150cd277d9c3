import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { pingDatabase } from '../../db/client';
import type { Service } from '../../service';
import { registry } from '../../observability/metrics';
import { JOBS } from '../../schedules/jobs';

/** /healthz (the process answers), /readyz (its dependencies do), /metrics (Prometheus). */
export const healthRoutes: FastifyPluginAsync<{ service: Service; wechatState: () => string; metrics?: () => Promise<string> }> = async (app, { service, wechatState, metrics }) => {
  app.get('/healthz', { schema: { response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', async (_req, reply) => {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return 'ok';
      } catch (err) {
        return `error: ${err instanceof Error ? err.message : String(err)}`;
      }
    };
    const [database, redis] = await Promise.all([check(() => pingDatabase(service.db)), check(() => service.stores.ping())]);
    const lastRuns = await service.db.jobRun
      .findMany({ where: { name: { in: JOBS.map((j) => j.name) } }, orderBy: { startedAt: 'desc' }, distinct: ['name'] })
      .catch(() => []);
    const jobs = Object.fromEntries(
      lastRuns.map((r) => [r.name, { slot: r.slot.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, items: r.items, error: r.error }]),
    );
    const ready = database === 'ok' && redis === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database, redis, wechat: wechatState(), jobs });
  });

  app.get('/metrics', async (_req, reply) => reply.header('content-type', registry.contentType).send(await (metrics ? metrics() : registry.metrics())));
};
