import Redis from 'ioredis';

export type RedisClient = Redis;

/**
 * The one place an ioredis connection is made (one per process); every key carries the
 * deployment's prefix. Code uses it through src/stores/, never directly.
 */
export function createRedis(url: string, keyPrefix: string): RedisClient {
  // Auto-pipelining: commands issued in the same turn of the event loop (fifty residents' turns
  // at once) leave in one write; measured −13 % on a plain intake step (bench/README-intake-profile.md).
  return new Redis(url, { keyPrefix, lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true, enableAutoPipelining: true });
}
