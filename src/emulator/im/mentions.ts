import type { Runtime } from '../runtime.js';
import type { StoredMention, User } from '../state.js';
import { imErrors } from './errors.js';

/**
 * `@` mentions between the send and the receive format (D:发送消息内容结构, D:接收消息内容结构):
 * a sender writes `<at user_id="ou_x">Tom</at>` (any of open_id, union_id or user_id, or `all`);
 * a reader gets `@_user_1` in the content and `mentions[{key, id, id_type, name, tenant_key}]`.
 * Keys count every `@` of one message in order, across a post's paragraphs too.
 */

/** `<at user_id="…">name</at>`, the id quoted with either quote or bare. */
export const AT_TAG = /<at\s+user_id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))\s*>([\s\S]*?)<\/at>/g;

/** Key of an @all: Feishu writes it into the content and lists nobody in `mentions`. */
export const AT_ALL = '@_all';

/** A mentioned user by any of the three ids; the prefix tells which (ou_ open_id, on_ union_id). */
export function findMentioned(rt: Runtime, id: string): User | undefined {
  if (id.startsWith('ou_')) return rt.findUser(id, 'open_id');
  if (id.startsWith('on_')) return rt.findUser(id, 'union_id');
  return rt.findUser(id, 'user_id');
}

/** Collects the mentions of one message while its content is converted. */
export class MentionList {
  readonly items: StoredMention[] = [];

  constructor(private readonly rt: Runtime) {}

  /**
   * The key for an `@` of `id`. An id that names nobody is refused: Feishu asks for real ids
   * ("请确保 ID 为有效值"), and a silent fallback would hide a client bug.
   */
  add(id: string): string {
    if (id === 'all') return AT_ALL;
    const user = findMentioned(this.rt, id);
    if (!user) throw imErrors.invalidParam(`at user_id ${id} is not a user`);
    const key = `@_user_${this.items.length + 1}`;
    this.items.push({ key, open_id: user.open_id, name: user.name });
    return key;
  }

  /** Text with every `<at>` tag replaced by its key. */
  replaceIn(text: string): string {
    return text.replace(AT_TAG, (_all, dq: string | undefined, sq: string | undefined, bare: string | undefined) => this.add(dq ?? sq ?? bare ?? ''));
  }
}
