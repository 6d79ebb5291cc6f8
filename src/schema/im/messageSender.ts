import type { ImMessageSender } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { UserRef } from '../user.js';

/**
 * Who sent a message, as Feishu names it: a user by open_id (the gateway always asks for
 * open_ids) or a bot by its app_id. `user` leads to the contact loader only when asked for.
 */
export const MessageSenderRef = builder.objectRef<ImMessageSender>('MessageSender').implement({
  description: 'The sender of a message.',
  fields: (t) => ({
    id: t.string({ nullable: true, description: 'An open_id for users, an app_id for bots.', resolve: (s) => s.id ?? null }),
    idType: t.string({ nullable: true, description: 'open_id or app_id.', resolve: (s) => s.id_type ?? null }),
    senderType: t.string({ nullable: true, description: 'user, app, anonymous or unknown.', resolve: (s) => s.sender_type ?? null }),
    tenantKey: t.string({ nullable: true, resolve: (s) => s.tenant_key ?? null }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user, when a user sent it.',
      resolve: (s) => (s.sender_type === 'user' && s.id && (s.id_type ?? 'open_id') === 'open_id' ? { openId: s.id } : null),
    }),
  }),
});

/** A message with no sender in its answer (Feishu leaves it out for some system messages). */
export const UNKNOWN_SENDER: ImMessageSender = { id: null, id_type: null, sender_type: 'unknown', tenant_key: null };
