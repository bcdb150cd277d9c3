import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** worker → primary: a scrape came in, gather everyone's. */
const ASK = 'lianxin:metrics-ask';
/** primary → each worker: send your own. */
const GATHER = 'lianxin:metrics-gather';
/** worker → primary: here are mine. */
const OWN = 'lianxin:metrics-own';
/** primary → the asking worker: the whole cluster's, as Prometheus text. */
const ALL = 'lianxin:metrics-all';

type Message = { type?: string; id?: number; json?: unknown; text?: string };
type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/**
 * The primary's side of /metrics with several HTTP processes: a scrape reaches one worker, which
 * asks here; the primary's own metrics (jobs, the WeChat bot's messages and dispatcher) and every
 * worker's are summed into one answer, so counters do not jump with the worker a scrape lands on.
 */
export function gatherMetricsForWorkers(registry: Registry, timeoutMs = 5_000): void {
  let next = 0;
  const pending = new Map<number, { parts: MetricsJson[]; left: number; done: () => void }>();
  cluster.on('message', (worker: Worker, raw: unknown) => {
    const m = raw as Message;
    if (m?.type === OWN && typeof m.id === 'number') {
      const p = pending.get(m.id);
      if (!p) return;
      p.parts.push(m.json as MetricsJson);
      if (--p.left === 0) p.done();
    }
    if (m?.type !== ASK || typeof m.id !== 'number') return;
    const asked = m.id;
    const id = next++;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected());
    const gathered = new Promise<MetricsJson[]>((resolve) => {
      const entry = { parts: [] as MetricsJson[], left: workers.length, done: () => resolve(entry.parts) };
      pending.set(id, entry);
      // A worker that does not answer (dying, busy) is left out of this scrape rather than holding it.
      setTimeout(() => resolve(entry.parts), timeoutMs).unref();
      for (const w of workers) w.send({ type: GATHER, id });
      if (workers.length === 0) resolve([]);
    });
    void gathered
      .then(async (parts) => AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), ...parts]).metrics())
      .then(
        (text) => worker.isConnected() && worker.send({ type: ALL, id: asked, text }),
        () => worker.isConnected() && worker.send({ type: ALL, id: asked }),
      )
      .finally(() => pending.delete(id));
  });
}

/**
 * In an HTTP worker: answers the primary's gathering with this process's metrics, and returns
 * what /metrics serves — the whole cluster's, or this process's alone if the primary does not answer.
 */
export function clusterMetricsText(registry: Registry, timeoutMs = 8_000): () => Promise<string> {
  let next = 0;
  const waiting = new Map<number, (text: string | undefined) => void>();
  process.on('message', (raw: unknown) => {
    const m = raw as Message;
    if (m?.type === GATHER) {
      void registry.getMetricsAsJSON().then((json) => process.send?.({ type: OWN, id: m.id, json }));
    } else if (m?.type === ALL && typeof m.id === 'number') {
      waiting.get(m.id)?.(m.text);
    }
  });
  return async () => {
    const id = next++;
    const text = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      waiting.set(id, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
      process.send?.({ type: ASK, id });
    });
    waiting.delete(id);
    return text ?? registry.metrics();
  };
}
