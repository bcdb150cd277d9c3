import Redis from 'ioredis';

export type RedisClient = Redis;

/** One connection per process; every key carries the deployment's prefix. */
export function createRedis(url: string, keyPrefix: string): RedisClient {
  return new Redis(url, { keyPrefix, lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
}
