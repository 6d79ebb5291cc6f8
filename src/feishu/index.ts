/** The only code that speaks HTTP to Feishu. */
export { createFeishuClient, createFeishuDispatcher, type FeishuCallInfo, type FeishuClient, type FeishuClientOptions, type FeishuLogger, type FeishuSession, type Identity } from './client.js';
export { FeishuError, classify, type FeishuErrorKind } from './errors.js';
export { call, endpoint, plannedCall, type Call, type CallOptions, type Caller, type Endpoint, type PlannedCall, type RequestInput } from './endpoint.js';
export { paginate, items, type PaginateOptions } from './paginate.js';
export { DOCUMENTED_RATES, MemoryThrottleStore, type Budget, type RateClass, type Reservation, type ThrottleStore } from './throttle.js';
export { RedisThrottleStore, ThrottleUnavailable, type RedisThrottleStoreOptions, type ThrottleRedis } from './throttleRedis.js';
export { DEFAULT_RETRY, type RetryOptions } from './retry.js';
export { LocalWriteQueue, RedisWriteLock, WriteLockUnavailable, type LockRedis, type WriteLock, type WriteQueue } from './writeQueue.js';
export * from './bitableWrite.js';
export { clientToken, uuidV5 } from './clientToken.js';
export { encodeMultipart, type FilePart, type MultipartForm } from './multipart.js';
export * from './bitable.js';
export * from './contact.js';
export * from './drive.js';
export * from './im.js';
export * from './task.js';
export * from './messages.js';
export { createRedactor, redact, type Redact } from './redact.js';
