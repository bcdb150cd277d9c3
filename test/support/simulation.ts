import cron from 'node-cron';
import { createDispatcher, type OutboundChannel, type Recipient } from '../../src/dispatcher/dispatcher';
import { JOBS } from '../../src/schedules/jobs';
import { runJobSlot } from '../../src/schedules/run-job';
import { parseQuietHours } from '../../src/domain/quiet-hours';
import type { TestService } from './test-service';

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public now: Date) {}
  read = () => new Date(this.now);
  set(at: Date) {
    this.now = new Date(at);
  }
}

export type Sent = { at: Date; to: Recipient; text: string };

/** Records every message the dispatcher sends, with the simulated time it went out. */
export class RecordingChannel implements OutboundChannel {
  sent: Sent[] = [];
  constructor(private readonly clock: FakeClock) {}
  async send(to: Recipient, text: string) {
    this.sent.push({ at: this.clock.read(), to, text });
  }
  to(kind: 'RESIDENT' | 'CADRE', id: number): Sent[] {
    return this.sent.filter((s) => s.to.kind === kind && s.to.id === id);
  }
}

/**
 * Drives the real job definitions through simulated time: at each step, every job whose cron
 * matches (in the district's time zone, as node-cron would fire it) runs through runJobSlot
 * (Redis election + JobRun), then the dispatcher sends what is due. Node-cron's own timer is
 * not used: it would need real minutes to pass.
 */
export class Simulation {
  private readonly matchers = JOBS.map((job) => ({ job, task: cron.createTask(job.cron, () => undefined, { timezone: 'Asia/Shanghai' }) }));
  readonly dispatchers;

  constructor(
    readonly clock: FakeClock,
    readonly services: TestService[],
    readonly channel: RecordingChannel,
  ) {
    this.dispatchers = services.map((s) =>
      createDispatcher({
        db: s.db,
        rates: s.stores.rates,
        channel,
        logger: s.logger,
        clock: clock.read,
        perRecipientPerMinute: 1000,
        globalPerMinute: 100_000,
        quietHours: parseQuietHours(s.config.QUIET_HOURS, 'Asia/Shanghai'),
      }),
    );
  }

  /** Runs the jobs due at `at` on every instance at once, then dispatches. */
  private ticks = 0;

  async tick(at: Date): Promise<void> {
    this.clock.set(at);
    const due = this.matchers.filter((m) => m.task.match(at)).map((m) => m.job);
    // Instances ask in turns, so each wins some elections (as in production, where they race).
    const offset = this.ticks++;
    const order = this.services.map((_, i) => this.services[(i + offset) % this.services.length]!);
    await Promise.all(order.flatMap((s) => due.map((job) => runJobSlot(s.jobRunner, job, at, at))));
    await this.dispatch();
  }

  async dispatch(): Promise<void> {
    for (;;) {
      const results = await Promise.all(this.dispatchers.map((d) => d.runOnce()));
      if (results.every((r) => r.claimed === 0)) return;
    }
  }

  /** Steps from `from` to `to` (inclusive) every `stepMinutes`. */
  async run(from: Date, to: Date, stepMinutes: number, each?: (at: Date) => Promise<void>): Promise<void> {
    for (let t = from.getTime(); t <= to.getTime(); t += stepMinutes * 60_000) {
      const at = new Date(t);
      if (each) {
        this.clock.set(at);
        await each(at);
      }
      await this.tick(at);
    }
  }

  async stop() {
    await Promise.all(this.matchers.map((m) => m.task.destroy()));
  }
}
