import { FeishuError, type FeishuSession } from '../feishu/index.js';
import type { EventsLogger } from './webhook.js';

/**
 * Feishu sends a base's record and field events only to apps subscribed to that file
 * (`POST /open-apis/drive/v1/files/:file_token/subscribe?file_type=bitable`, as the app). The
 * gateway subscribes when the first client subscribes to a table of the base: once per base per
 * process (a memoized promise, so a thousand simultaneous subscribers make one call), forgotten
 * when it fails so the next subscriber tries again. It never unsubscribes: another replica, or
 * another deployment of the same app, may still rely on the subscription.
 */
export interface DriveSubscriptions {
  ensureSubscribed(appToken: string): Promise<void>;
}

/**
 * Codes meaning "this app is already subscribed to this file", which is what was wanted. Feishu
 * (and the emulator) answer 0 to a repeated subscribe and no such code is documented, so the set
 * is empty; one Feishu turns out to send belongs here, not in a caller's catch.
 */
export const ALREADY_SUBSCRIBED_CODES: ReadonlySet<number> = new Set<number>();

export function createDriveSubscriptions(feishu: Pick<FeishuSession, 'drive'>, logger?: EventsLogger): DriveSubscriptions {
  const made = new Map<string, Promise<void>>();
  return {
    ensureSubscribed(appToken) {
      let done = made.get(appToken);
      if (!done) {
        done = feishu.drive.subscribeFile({ fileToken: appToken, fileType: 'bitable' }).then(
          () => logger?.debug?.(`subscribed to the events of base ${appToken}`),
          (err: unknown) => {
            if (err instanceof FeishuError && err.code !== null && ALREADY_SUBSCRIBED_CODES.has(err.code)) return;
            made.delete(appToken);
            throw err;
          },
        );
        made.set(appToken, done);
      }
      return done;
    },
  };
}
