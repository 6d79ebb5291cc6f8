import { randomBytes } from 'node:crypto';
import { ApiError } from '../errors.js';
import { serveMedia } from '../mediaDownload.js';
import { get, type Route, type RouteContext } from '../router.js';
import type { Runtime } from '../runtime.js';
import { openCode, publicLink, signCode } from '../signedLinks.js';
import type { EmulatorState } from '../state.js';
import { attachmentsOf } from './attachmentModel.js';

/**
 * An attachment's `url` (D:获取附件, D:列取附件): made fresh by every list and get, valid
 * 3 minutes and for at most 3 downloads, absolute on EMULATOR_PUBLIC_URL, no token needed. The
 * code is signed (signedLinks.ts) and names the attachment plus a nonce, so each url counts its
 * own downloads. The counts are kept in memory: a restart gives a live url its 3 downloads back,
 * which is harmless for a link that lives 3 minutes.
 */

const PATH = '/task/v2/attachments/download/authcode/';
const PURPOSE = 'task-attachment';
export const URL_TTL_MS = 3 * 60 * 1000;
export const MAX_DOWNLOADS = 3;

/** Downloads made per url, by the code's subject; a state's counts go with it on reset. */
const counts = new WeakMap<EmulatorState, Map<string, { expiresAt: number; used: number }>>();

export function attachmentUrl(rt: Runtime, guid: string): string {
  const subject = `${guid}_${randomBytes(6).toString('hex')}`;
  return publicLink(rt, PATH, signCode(rt, PURPOSE, subject, rt.now() + URL_TTL_MS));
}

function countsOf(rt: Runtime): Map<string, { expiresAt: number; used: number }> {
  let m = counts.get(rt.state);
  if (!m) counts.set(rt.state, (m = new Map()));
  const now = rt.now();
  for (const [k, v] of m) if (v.expiresAt <= now) m.delete(k); // expired urls open nothing anyway
  return m;
}

/** Drive's answer for a link that opens nothing (D:下载素材), as its temporary links give. */
const forbidden = (why: string) => new ApiError(403, 1061004, `forbidden: ${why}`);

function download(ctx: RouteContext) {
  const opened = openCode(ctx.rt, PURPOSE, ctx.query.get('code'));
  if (opened === 'forged') throw forbidden('the link is not valid');
  if (opened === 'expired') throw forbidden('the link has expired (3 minutes); get a new url');
  const guid = opened.subject.replace(/_[0-9a-f]+$/, '');
  const attachment = attachmentsOf(ctx.rt.state)[guid];
  if (!attachment) throw new ApiError(404, 1061003, 'not found.');
  const m = countsOf(ctx.rt);
  const entry = m.get(opened.subject) ?? { expiresAt: opened.expiresAt, used: 0 };
  if (entry.used >= MAX_DOWNLOADS) throw forbidden(`the link has been used ${MAX_DOWNLOADS} times; get a new url`);
  const answer = serveMedia(ctx, attachment.file_token);
  entry.used += 1;
  m.set(opened.subject, entry);
  return answer;
}

export const attachmentLinkRoutes: Route[] = [get(PATH, 'none', download)];
