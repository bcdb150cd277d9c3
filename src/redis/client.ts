import Redis from 'ioredis';

export type RedisClient = Redis;

/**
 * The one place an ioredis connection is made (one per process); every key carries the
 * deployment's prefix. Code uses it through src/stores/, never directly.
 */
export function createRedis(url: string, keyPrefix: string): RedisClient {
  return new Redis(url, { keyPrefix, lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
}
