import { isRoleRestricted } from '../bitable/permissions.js';
import { ApiError } from '../errors.js';
import { del, get, post, type Route, type RouteContext } from '../router.js';
import { holds, subscribe, unsubscribe, type Subscriber } from './subscriptions.js';

/**
 * `POST drive/v1/files/:file_token/subscribe`, `GET …/get_subscribe`, `DELETE …/delete_subscribe`
 * (feishu-wire.md §7.4, SDK `drive.file.subscribe/getSubscribe/deleteSubscribe`), tenant or user
 * token. Codes are drive's: 1061002 params error, 1061003 not found, 1061004 forbidden.
 */

const FILE = '/open-apis/drive/v1/files/:file_token';
const FILE_TYPES = ['doc', 'docx', 'sheet', 'bitable', 'file', 'folder', 'slides'];

const paramsError = (why: string) => new ApiError(400, 1061002, `params error: ${why}`);

/** The subscriber of the call, once the file is known to exist and the caller may manage it. */
function subscriberFor(ctx: RouteContext): Subscriber {
  const fileType = ctx.query.get('file_type') ?? '';
  if (!FILE_TYPES.includes(fileType)) throw paramsError(`file_type must be one of ${FILE_TYPES.join(', ')}`);
  if (fileType === 'folder' && !ctx.query.get('event_type')) throw paramsError('event_type is required for folders');
  // The emulator holds bases only: any other kind of file is one it does not have.
  const app = fileType === 'bitable' ? ctx.rt.state.apps[ctx.params.file_token] : undefined;
  if (!app) throw new ApiError(404, 1061003, 'not found.');
  if (ctx.identity.kind !== 'user') return { kind: 'app' };
  // Only owners and managers subscribe (D:订阅云文档事件); a user a role restricts is neither.
  if (isRoleRestricted(ctx.rt, app, ctx.identity.user.open_id)) throw new ApiError(403, 1061004, 'forbidden.');
  return { kind: 'user', openId: ctx.identity.user.open_id };
}

export const subscribeRoutes: Route[] = [
  post(`${FILE}/subscribe`, 'tenant-or-user', (ctx) => {
    subscribe(ctx.rt, ctx.params.file_token, subscriberFor(ctx));
    return {};
  }),
  get(`${FILE}/get_subscribe`, 'tenant-or-user', (ctx) => ({ is_subscribe: holds(ctx.rt.state, ctx.params.file_token, subscriberFor(ctx)) })),
  del(`${FILE}/delete_subscribe`, 'tenant-or-user', (ctx) => {
    unsubscribe(ctx.rt.state, ctx.params.file_token, subscriberFor(ctx));
    return {};
  }),
];
