import Redis from 'ioredis';
import { MemoryRedis } from './memory-redis';

export type RedisClient = Redis;

/** One connection per process; every key carries the deployment's prefix. */
export function createRedis(url: string, keyPrefix: string): RedisClient {
  return new Redis(url, { keyPrefix, lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
}

/**
 * Embedded mode (no REDIS_URL): the in-process store. It implements exactly the commands this
 * code base calls on RedisClient; the cast is the one place that claims the wider type.
 */
export function createMemoryRedis(keyPrefix: string): RedisClient {
  return new MemoryRedis(keyPrefix) as unknown as RedisClient;
}
