import type { Logger } from '../logging/logger';
import type { JobCoordinator } from '../stores/stores';
import type { Dispatcher } from './dispatcher';
import type { DispatchLane } from './lanes';

export type LaneOffer = { lane: DispatchLane; start: () => Dispatcher };

/**
 * One dispatcher per lane across all processes: each process offers the lanes it can serve, and
 * holds a lane while it keeps renewing its lease in the job coordinator (`dispatch-lane:<name>`, a claim).
 * A process that stops or dies loses the lease and another takes the lane within `leaseMs`.
 * A plain read-then-extend (no scripts): a renewal racing an expiry can let
 * two dispatchers overlap for one period, which the claim's SKIP LOCKED makes harmless.
 */
export function startElectedDispatchers(o: { coordinator: JobCoordinator; instance: string; offers: LaneOffer[]; logger: Logger; leaseMs?: number }) {
  const leaseMs = o.leaseMs ?? 30_000;
  const held = new Map<string, Dispatcher>();
  let stopped = false;
  let round: Promise<void> = Promise.resolve();

  const key = (lane: DispatchLane) => `dispatch-lane:${lane.name}`;

  const tend = async (offer: LaneOffer) => {
    const name = offer.lane.name;
    const mine = held.get(name);
    if (mine) {
      if ((await o.coordinator.holder(key(offer.lane))) === o.instance) {
        await o.coordinator.extend(key(offer.lane), leaseMs);
        return;
      }
      held.delete(name);
      await mine.stop();
      o.logger.warn('dispatch lane lost to another process', { lane: name });
      return;
    }
    if ((await o.coordinator.claim(key(offer.lane), o.instance, leaseMs)) && !stopped) {
      held.set(name, offer.start());
      o.logger.info('dispatch lane taken', { lane: name });
    }
  };

  const tick = () => {
    round = Promise.all(o.offers.map((offer) => tend(offer).catch((err: unknown) => o.logger.warn('dispatch lane election failed', { lane: offer.lane.name, err })))).then(() => undefined);
    return round;
  };
  void tick();
  const timer = setInterval(() => void tick(), Math.max(Math.floor(leaseMs / 3), 50));
  timer.unref();

  return {
    /** Lanes this process holds now. */
    lanes: () => [...held.keys()],
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await round;
      await Promise.all(
        [...held].map(async ([name, d]) => {
          await d.stop();
          const lane = o.offers.find((x) => x.lane.name === name)!.lane;
          if ((await o.coordinator.holder(key(lane)).catch(() => null)) === o.instance) await o.coordinator.release(key(lane)).catch(() => undefined);
        }),
      );
      held.clear();
    },
  };
}
