import DataLoader from 'dataloader';
import { BATCH_QUERY_CHATS_MAX, FeishuError } from '../feishu/index.js';
import { feishuError, gatewayError, isFeishuFailure } from './errors.js';
import { BATCH_WINDOW_MS, type IdentityScope } from './eventLoaders.js';

/**
 * What a subscription may see (ARCHITECTURE.md, Events: it runs as the identity that opened it).
 * Every check runs as that identity, through its shared scope: concurrent subscribers wait for
 * one call, and an answer is kept for `CHECK_TTL_MS`, so the checks cost one call per identity
 * and table (or chat) a while, not one per subscriber or per event. Re-checking on events after
 * that while means a user who loses access stops receiving within it.
 */
export const CHECK_TTL_MS = 15_000;

/** A Feishu failure as the caller sees it (FORBIDDEN for 1254302, NOT_FOUND for a wrong id, ...). */
export const asGraphQLError = (err: unknown): unknown => (isFeishuFailure(err) ? feishuError(err) : err);

/**
 * Resolves when the identity may read the table (one field listing, page_size 1: Feishu checks
 * the table permission on it); rejects with the mapped error (FORBIDDEN, NOT_FOUND, ...).
 */
export function assertTableReadable(scope: IdentityScope, appToken: string, tableId: string): Promise<void> {
  return scope
    .remember(`table:${appToken}/${tableId}`, CHECK_TTL_MS, () => scope.session.bitable.listFields({ appToken, tableId, pageSize: 1 }))
    .then(
      () => undefined,
      (err: unknown) => {
        throw asGraphQLError(err);
      },
    );
}

/**
 * Resolves when Feishu accepts the user's token (`authen/v1/user_info`): a subscription that
 * checks nothing else up front (messageReceived without chatId) is refused at once with
 * UNAUTHENTICATED, not at its first event.
 */
export function assertUserToken(scope: IdentityScope): Promise<void> {
  if (scope.identity.kind === 'APP') return Promise.resolve();
  return scope.remember('userInfo', CHECK_TTL_MS, () => scope.session.contact.getUserInfo()).then(
    () => undefined,
    (err: unknown) => {
      throw asGraphQLError(err);
    },
  );
}

/** chat_id -> whether the identity is in it: `chats/batch_query` answers only the caller's chats, 50 ids a call. */
const membership = (scope: IdentityScope) =>
  scope.own(
    'chatMembership',
    () =>
      new DataLoader<string, boolean>(
        async (chatIds) => {
          const data = await scope.session.im.batchQueryChats({ chatIds: [...chatIds] });
          const mine = new Set(data.items.map((c) => c.chat_id));
          return chatIds.map((id) => mine.has(id));
        },
        { cache: false, maxBatchSize: BATCH_QUERY_CHATS_MAX, batchScheduleFn: (dispatch) => setTimeout(dispatch, BATCH_WINDOW_MS) },
      ),
  );

/** Whether a user is in the chat (the app is taken to be in every chat it hears of). */
export function isChatMember(scope: IdentityScope, chatId: string): Promise<boolean> {
  if (scope.identity.kind === 'APP') return Promise.resolve(true);
  return scope.remember(`chat:${chatId}`, CHECK_TTL_MS, () => membership(scope).load(chatId));
}

/** Resolves when a user is in the chat; else FORBIDDEN, or NOT_FOUND when Feishu has no such chat. */
export async function assertChatMember(scope: IdentityScope, chatId: string): Promise<void> {
  let member: boolean;
  try {
    member = await isChatMember(scope, chatId);
  } catch (err) {
    throw asGraphQLError(err);
  }
  if (member) return;
  // batch_query leaves out both chats the caller is not in and chats that do not exist; a chat
  // get tells them apart (it answers a chat's name to outsiders).
  try {
    await scope.session.im.getChat({ chatId });
  } catch (err) {
    if (err instanceof FeishuError && (err.kind === 'not-found' || err.kind === 'invalid')) throw gatewayError('NOT_FOUND', `Chat ${chatId} does not exist`, { argumentPath: 'chatId' });
    if (!(err instanceof FeishuError && err.kind === 'permission')) throw asGraphQLError(err);
  }
  throw gatewayError('FORBIDDEN', `This user is not in chat ${chatId}: messageReceived delivers only the user's own chats`, { argumentPath: 'chatId' });
}
