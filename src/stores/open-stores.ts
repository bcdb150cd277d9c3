import { createRedis } from '../redis/client';
import { MemoryStore, memoryStores } from './memory-stores';
import { redisStores } from './redis-stores';
import type { Stores } from './stores';

/** `memory://<name>`: the in-process stores, one per name in this process (tests share it with the service they start). */
export const isMemoryStoreUrl = (url: string | undefined) => Boolean(url?.startsWith('memory://'));
const namedStores = new Map<string, MemoryStore>();

/**
 * REDIS_URL to stores: Redis for a redis:// URL, in process for none (embedded mode) or
 * `memory://<name>`. Every key carries the deployment's prefix.
 */
export function openStores(url: string | undefined, keyPrefix: string, onError?: (err: unknown) => void): Stores {
  if (!url) return memoryStores(keyPrefix);
  if (isMemoryStoreUrl(url)) {
    const name = url.slice('memory://'.length);
    let store = namedStores.get(name);
    if (!store) namedStores.set(name, (store = new MemoryStore()));
    return memoryStores(keyPrefix, store);
  }
  const redis = createRedis(url, keyPrefix);
  if (onError) redis.on('error', onError);
  return redisStores(redis);
}
