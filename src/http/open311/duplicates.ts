import { createHash, randomUUID } from 'node:crypto';
import type { JobCoordinator } from '../../stores/stores';
import type { Logger } from '../../logging/logger';

/** What makes two Open311 posts the same report: who sent it, the service, the words and the place. */
export type Open311Report = {
  clientTokenId: number;
  serviceCode: string;
  description: string;
  lat: number | undefined;
  long: number | undefined;
  addressId: string | undefined;
  addressString: string | undefined;
};

/**
 * The filing slot for a report: the same client posting the same service, description and place
 * within `windowMs` gets the same slot, and the slot is the case's confirmation id, so
 * `fileCase` gives back the case already filed (or, for posts racing each other, the unique
 * index on the confirmation id lets exactly one insert win). The first post claims the slot
 * (a claim in the coordinator); the others read it. 0 turns de-duplication off.
 */
export async function reportSlot(coordinator: JobCoordinator, logger: Logger, report: Open311Report, windowMs: number, now: Date): Promise<string> {
  if (windowMs <= 0) return randomUUID();
  const fingerprint = fingerprintOf(report);
  const key = `open311:dup:${report.clientTokenId}:${fingerprint}`;
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const mine = randomUUID();
      if (await coordinator.claim(key, mine, windowMs)) return mine;
      const theirs = await coordinator.holder(key);
      if (theirs) return theirs;
      // Expired between SET and GET: claim it again.
    }
  } catch (err) {
    logger.warn('open311 duplicate check without Redis', { err });
  }
  // Redis unreachable (or the key flapping): the window's bucket still catches repeats within it.
  return `${report.clientTokenId}:${fingerprint}:${Math.floor(now.getTime() / windowMs)}`;
}

function fingerprintOf(r: Open311Report): string {
  const words = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  // About a metre apart is the same place.
  const coord = (n: number | undefined) => (n === undefined ? '' : n.toFixed(5));
  const parts = [r.serviceCode, words(r.description), coord(r.lat), coord(r.long), words(r.addressId), words(r.addressString)];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
