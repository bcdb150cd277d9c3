import Redis from 'ioredis';
import { MemoryRedis, MemoryStore } from './memory-redis';

export type RedisClient = Redis;

/** `memory://<name>`: the in-process store, one per name in this process (tests share it with the service they start). */
export const isMemoryRedisUrl = (url: string | undefined) => Boolean(url?.startsWith('memory://'));
const namedStores = new Map<string, MemoryStore>();

/** One connection per process; every key carries the deployment's prefix. */
export function createRedis(url: string, keyPrefix: string): RedisClient {
  if (isMemoryRedisUrl(url)) {
    const name = url.slice('memory://'.length);
    let store = namedStores.get(name);
    if (!store) namedStores.set(name, (store = new MemoryStore()));
    return new MemoryRedis(keyPrefix, store) as unknown as RedisClient;
  }
  // Auto-pipelining: commands issued in the same turn of the event loop (fifty residents' turns
  // at once) leave in one write; measured −13 % on a plain intake step (bench/README-intake-profile.md).
  return new Redis(url, { keyPrefix, lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true, enableAutoPipelining: true });
}

/**
 * Embedded mode (no REDIS_URL): the in-process store. It implements exactly the commands this
 * code base calls on RedisClient; the cast is the one place that claims the wider type.
 */
export function createMemoryRedis(keyPrefix: string): RedisClient {
  return new MemoryRedis(keyPrefix) as unknown as RedisClient;
}
