/**
 * The few Redis commands Lianxin uses, in process memory, for the single-instance embedded mode
 * (no REDIS_URL). Same semantics for those commands (NX, PX, INCR on a missing key, PEXPIRE NX),
 * so the code above cannot tell; nothing is shared between processes, hence "single instance".
 * Written by hand: the maintained mock (ioredis-mock) requires ioredis 5, and this is ~100 lines.
 */
type Entry = { value: string; expiresAt: number | null };
type Reply = [Error | null, unknown];

/** The keys themselves; several clients (each with its own prefix) may share one. */
export class MemoryStore {
  readonly data = new Map<string, Entry>();
  /** Sets (SADD/SREM/SMEMBERS), without expiry: the pending-filings index is the only one. */
  readonly sets = new Map<string, Set<string>>();
}

export class MemoryRedis {
  private readonly data: Map<string, Entry>;
  private readonly sets: Map<string, Set<string>>;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly keyPrefix = '',
    store = new MemoryStore(),
  ) {
    this.data = store.data;
    this.sets = store.sets;
    // Expired keys are dropped when read; the sweep keeps unread ones from piling up.
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const k = this.keyPrefix + key;
    const entry = this.data.get(k);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.data.delete(k);
      return undefined;
    }
    return entry;
  }

  private sweep() {
    const now = Date.now();
    for (const [k, e] of this.data) if (e.expiresAt !== null && e.expiresAt <= now) this.data.delete(k);
  }

  async get(key: string): Promise<string | null> {
    return this.getSync(key);
  }

  async set(key: string, value: string, ...args: (string | number)[]): Promise<'OK' | null> {
    return this.setSync(key, value, args);
  }

  async incr(key: string): Promise<number> {
    return this.addSync(key, 1);
  }

  async decr(key: string): Promise<number> {
    return this.addSync(key, -1);
  }

  async incrby(key: string, by: number): Promise<number> {
    return this.addSync(key, by);
  }

  async decrby(key: string, by: number): Promise<number> {
    return this.addSync(key, -by);
  }

  async del(...keys: string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      if (this.live(key) && this.data.delete(this.keyPrefix + key)) removed++;
      if (this.sets.delete(this.keyPrefix + key)) removed++;
    }
    return removed;
  }

  async pexpire(key: string, ms: number, mode?: 'NX'): Promise<number> {
    return this.pexpireSync(key, ms, mode);
  }

  async sadd(key: string, member: string): Promise<number> {
    return this.saddSync(key, member);
  }

  async srem(key: string, member: string): Promise<number> {
    return this.sremSync(key, member);
  }

  async smembers(key: string): Promise<string[]> {
    return [...(this.sets.get(this.keyPrefix + key) ?? [])];
  }

  async ping(): Promise<'PONG'> {
    return 'PONG';
  }

  async quit(): Promise<'OK'> {
    clearInterval(this.sweeper);
    return 'OK';
  }

  disconnect(): void {
    clearInterval(this.sweeper);
  }

  on(): this {
    return this;
  }

  /** MULTI and pipelines: in one process every batch is atomic anyway. */
  multi(): Batch {
    return new Batch(this);
  }

  pipeline(): Batch {
    return new Batch(this);
  }

  getSync(key: string): string | null {
    return this.live(key)?.value ?? null;
  }

  setSync(key: string, value: string, args: (string | number)[]): 'OK' | null {
    const upper = args.map((a) => (typeof a === 'string' ? a.toUpperCase() : a));
    if (upper.includes('NX') && this.live(key)) return null;
    const px = upper.indexOf('PX');
    const ttl = px >= 0 ? Number(upper[px + 1]) : null;
    this.data.set(this.keyPrefix + key, { value: String(value), expiresAt: ttl === null ? null : Date.now() + ttl });
    return 'OK';
  }

  addSync(key: string, by: number): number {
    const entry = this.live(key);
    const next = Number(entry?.value ?? 0) + by;
    this.data.set(this.keyPrefix + key, { value: String(next), expiresAt: entry?.expiresAt ?? null });
    return next;
  }

  saddSync(key: string, member: string): number {
    const k = this.keyPrefix + key;
    const set = this.sets.get(k) ?? new Set<string>();
    this.sets.set(k, set);
    if (set.has(member)) return 0;
    set.add(member);
    return 1;
  }

  sremSync(key: string, member: string): number {
    const k = this.keyPrefix + key;
    const set = this.sets.get(k);
    if (!set?.delete(member)) return 0;
    if (set.size === 0) this.sets.delete(k);
    return 1;
  }

  pexpireSync(key: string, ms: number, mode?: string): number {
    const entry = this.live(key);
    if (!entry) return 0;
    if (mode === 'NX' && entry.expiresAt !== null) return 0;
    entry.expiresAt = Date.now() + ms;
    return 1;
  }
}

class Batch {
  private readonly ops: (() => unknown)[] = [];
  constructor(private readonly redis: MemoryRedis) {}
  get(key: string) {
    this.ops.push(() => this.redis.getSync(key));
    return this;
  }
  set(key: string, value: string, ...args: (string | number)[]) {
    this.ops.push(() => this.redis.setSync(key, value, args));
    return this;
  }
  incr(key: string) {
    this.ops.push(() => this.redis.addSync(key, 1));
    return this;
  }
  decr(key: string) {
    this.ops.push(() => this.redis.addSync(key, -1));
    return this;
  }
  incrby(key: string, by: number) {
    this.ops.push(() => this.redis.addSync(key, by));
    return this;
  }
  decrby(key: string, by: number) {
    this.ops.push(() => this.redis.addSync(key, -by));
    return this;
  }
  pexpire(key: string, ms: number, mode?: 'NX') {
    this.ops.push(() => this.redis.pexpireSync(key, ms, mode));
    return this;
  }
  sadd(key: string, member: string) {
    this.ops.push(() => this.redis.saddSync(key, member));
    return this;
  }
  srem(key: string, member: string) {
    this.ops.push(() => this.redis.sremSync(key, member));
    return this;
  }
  async exec(): Promise<Reply[]> {
    return this.ops.map((op) => [null, op()] as Reply);
  }
}
