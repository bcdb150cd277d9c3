/**
 * Group commit (and group reads): work items that arrive while earlier groups are being written are gathered and
 * written together, as one group, by `write`. A group leaves as soon as one of `maxInFlight`
 * slots is free (after the current turn of the event loop, so items arriving together leave
 * together); while every slot is busy, arrivals wait for the next group. A quiet system writes
 * each item alone without waiting; a busy one writes fewer, larger groups instead of queueing
 * every item for a connection.
 */
export type GroupCommitOptions<I, O> = {
  /** Writes a group; resolves with one result per item, in order (ItemFailed: that item's error). If it throws, every item fails. */
  write: (group: I[]) => Promise<(O | ItemFailed)[]>;
  /** Groups written at the same time (each holds one database connection while it runs). */
  maxInFlight: number;
  /** The most items in one group. */
  maxGroup: number;
};

/** A result that fails its one item, not the group. */
export class ItemFailed {
  constructor(readonly error: unknown) {}
}

type Waiting<I, O> = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };

export type GroupCommit<I, O> = { submit(item: I): Promise<O> };

export function createGroupCommit<I, O>(opts: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  let waiting: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || waiting.length === 0 || inFlight >= opts.maxInFlight) return;
    scheduled = true;
    setImmediate(flush);
  };

  const flush = () => {
    scheduled = false;
    while (waiting.length > 0 && inFlight < opts.maxInFlight) {
      const group = waiting.slice(0, opts.maxGroup);
      waiting = waiting.slice(group.length);
      inFlight++;
      void run(group);
    }
  };

  const run = async (group: Waiting<I, O>[]) => {
    try {
      const results = await opts.write(group.map((w) => w.item));
      group.forEach((w, i) => {
        const r = results[i]!;
        if (r instanceof ItemFailed) w.reject(r.error);
        else w.resolve(r);
      });
    } catch (err) {
      for (const w of group) w.reject(err);
    } finally {
      inFlight--;
      schedule();
    }
  };

  return {
    submit: (item) =>
      new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        schedule();
      }),
  };
}
