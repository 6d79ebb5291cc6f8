/**
 * The app's tenant_access_token: fetched on first use, shared by every call, refreshed shortly
 * before it expires by exactly one fetch however many calls need it (single flight).
 */

export interface IssuedToken {
  token: string;
  /** Seconds the token stays valid, as the token endpoint's `expire` says. */
  expireSeconds: number;
}

/**
 * How long before expiry to stop using a token: 3 minutes, as the official SDKs do, but never
 * more than a tenth of its life, so short-lived tokens (tests, `tokenTtlSeconds`) still get used.
 * Feishu hands out a new token only in the last quarter of the old one's life (30 of 120 min),
 * and a tenth stays inside that quarter, so a refresh always gets a new token, not the old one.
 */
export const refreshMarginMs = (lifeMs: number) => Math.min(180_000, lifeMs / 10);

export class TenantTokenCache {
  private current: { token: string; refreshAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token fit for use now, fetching one when there is none or it is about to expire. */
  get(signal?: AbortSignal): Promise<string> {
    const c = this.current;
    if (c && this.now() < c.refreshAt) return Promise.resolve(c.token);
    // The fetch belongs to every waiting caller, so one caller's abort must not cancel it.
    this.inFlight ??= this.refresh().finally(() => {
      this.inFlight = undefined;
    });
    return abortable(this.inFlight, signal);
  }

  /** Forgets `token` if it is still the cached one (a newer token fetched meanwhile stays). */
  evict(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async refresh(): Promise<string> {
    const started = this.now();
    const { token, expireSeconds } = await this.fetchToken();
    const lifeMs = Math.max(0, expireSeconds * 1000);
    this.current = { token, refreshAt: started + lifeMs - refreshMarginMs(lifeMs) };
    return token;
  }
}

/** Waits for `promise`, or rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
