import type { PGlite } from '@electric-sql/pglite';

/**
 * The order in which the embedded database runs what its socket clients send. PGlite is one
 * PostgreSQL session; pglite-socket 0.2.17 shares it between connections message by message and
 * keeps a connection to itself only inside a transaction. That is not enough for the extended
 * protocol pg and Prisma use: between one connection's Parse and its Bind another's Parse
 * replaces the unnamed statement, and a query runs with another's parameters (seen as
 * `invalid input syntax for type timestamp: "follow-ups"`), and one failed message stops its
 * queue for good. Upstream: electric-sql/pglite issue 1046 (open). This queue keeps a
 * connection's batch together up to its Sync (and its transaction up to the end), and carries on
 * after a failure. It replaces the server's own queue (same four methods) before any connection.
 */

// Frontend messages that leave a batch open: Parse, Bind, Describe, Execute, Close, Flush, CopyData.
const OPENS_BATCH = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'd'].map((c) => c.charCodeAt(0)));
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

type Item = { handlerId: number; message: Uint8Array; onData: (data: Uint8Array) => void; resolve: (bytes: number) => void; reject: (err: unknown) => void };

export class ProtocolQueryQueue {
  private queue: Item[] = [];
  private processing = false;
  /** The connection whose batch or transaction is open: only its messages run until it closes it. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    const [theirs, rest] = [this.queue.filter((i) => i.handlerId === handlerId), this.queue.filter((i) => i.handlerId !== handlerId)];
    this.queue = rest;
    for (const item of theirs) item.reject(new Error('Handler disconnected'));
  }

  /** A connection gone mid-batch or mid-transaction: close both for it, then let the others on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    // Others stay queued meanwhile: only the owner's messages may run, and it has none left.
    await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC)).catch(() => undefined);
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    this.owner = null;
    void this.process();
  }

  private next(): Item | undefined {
    if (this.owner === null) return this.queue.shift();
    const at = this.queue.findIndex((i) => i.handlerId === this.owner);
    return at < 0 ? undefined : this.queue.splice(at, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
          current.resolve(bytes);
        } catch (err) {
          current.reject(err);
        }
        this.owner = OPENS_BATCH.has(current.message[0]!) || this.db.isInTransaction() ? current.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  }
}

/** Puts the queue above in place of the server's own (a private field, hence the cast). */
export function useProtocolQueue(server: object, db: PGlite): void {
  (server as { queryQueue: unknown }).queryQueue = new ProtocolQueryQueue(db);
}
