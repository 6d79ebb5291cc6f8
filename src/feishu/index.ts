/** The only code that speaks HTTP to Feishu. */
export { createFeishuClient, createFeishuDispatcher, type FeishuCallInfo, type FeishuClient, type FeishuClientOptions, type FeishuLogger, type FeishuSession, type Identity } from './client.js';
export { FeishuError, classify, type FeishuErrorKind } from './errors.js';
export { endpoint, type CallOptions, type Caller, type Endpoint, type RequestInput } from './endpoint.js';
export { paginate, items, type PaginateOptions } from './paginate.js';
export { DOCUMENTED_RATES, MemoryThrottleStore, type Budget, type RateClass, type Reservation, type ThrottleStore } from './throttle.js';
export { DEFAULT_RETRY, type RetryOptions } from './retry.js';
export * from './bitable.js';
export * from './contact.js';
export * from './drive.js';
export { createRedactor, redact, type Redact } from './redact.js';
