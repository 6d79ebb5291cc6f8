/**
 * Feishu's long connection, client side (feishu-wire.md §8): `client.ts` (reconnect loop,
 * readiness), `session.ts` (one socket: ping, pong, fragments, ACK), `endpoint.ts` (discovery),
 * `handshake.ts` (refused handshakes), `eventPayload.ts` (payload → ingest → ACK response),
 * `timing.ts` (ClientConfig in ms), `errors.ts` (fatal or retryable). Frames come from src/wire.
 */
export { createLongConnectionClient, type LongConnectionClient, type LongConnectionOptions, type LongConnectionState, type LongConnectionStats } from './client.js';
export { discoverEndpoint, ENDPOINT_PATH, type DiscoveredEndpoint } from './endpoint.js';
export { LongConnectionError } from './errors.js';
export type { TimingOverrides } from './timing.js';
