import type { ImMention } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { UserRef, type UserShape } from '../user.js';

/**
 * An `@` in a message: its `key` (`@_user_1`) is what the content holds in its place. REST
 * answers name the user by one id (`id`, `id_type`); event payloads by an id object.
 */

function openIdOf(m: ImMention): string | null {
  if (m.id && typeof m.id === 'object') return m.id.open_id ?? null;
  return typeof m.id === 'string' && (m.id_type ?? 'open_id') === 'open_id' ? m.id : null;
}

function userOf(m: ImMention): UserShape | null {
  const openId = openIdOf(m);
  // The mention's name is the user's display name: serve it without a contact lookup.
  return openId ? { openId, known: m.name ? { name: m.name } : undefined } : null;
}

export const MentionRef = builder.objectRef<ImMention>('Mention').implement({
  description: 'A user mentioned in a message.',
  fields: (t) => ({
    key: t.string({ description: 'The placeholder in the content, e.g. @_user_1.', resolve: (m) => m.key }),
    name: t.string({ nullable: true, resolve: (m) => m.name ?? null }),
    id: t.string({ nullable: true, description: 'The user\'s open_id.', resolve: (m) => (typeof m.id === 'string' ? m.id : (openIdOf(m) ?? null)) }),
    idType: t.string({ nullable: true, resolve: (m) => (typeof m.id === 'string' ? (m.id_type ?? null) : 'open_id') }),
    tenantKey: t.string({ nullable: true, resolve: (m) => m.tenant_key ?? null }),
    user: t.field({ type: UserRef, nullable: true, resolve: userOf }),
  }),
});
