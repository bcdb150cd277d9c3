/** Latency samples in milliseconds, summarised the same way everywhere in the bench. */
export type LatencySummary = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

export function summarise(samples: number[]): LatencySummary {
  if (samples.length === 0) return { n: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(samples).sort();
  // Nearest-rank percentile: the value below which p % of the samples fall.
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const sum = samples.reduce((a, b) => a + b, 0);
  return { n: samples.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1]!), mean: round(sum / samples.length) };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Samples this process's RSS while a phase runs (the process-wide maxRSS never goes down between phases). */
export class RssSampler {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;
  constructor(intervalMs = 25) {
    this.timer = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > this.peak) this.peak = rss;
    }, intervalMs);
    this.timer.unref();
  }
  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    return round(this.peak / 1024 / 1024, 1);
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: round(performance.now() - start), value };
}
