import { imErrors } from './errors.js';
import type { MentionList } from './mentions.js';

/**
 * Cards (`msg_type: interactive`). Sent as card JSON (v1 `elements`, or v2 `{schema:"2.0",
 * body}`), a template `{type:"template",data:{template_id}}` or a card entity
 * `{type:"card",data:{card_id}}`; read back in Feishu's simplified shape `{title, elements:
 * [[…]]}` (D:接收消息内容结构), which keeps text, links, buttons, images, notes and rules only.
 * v2 bodies are not returned (the page says so); templates and entities live in the card
 * builder, which the emulator does not have, so their bodies read as empty.
 */

type Obj = Record<string, any>;
type Paragraph = Obj[];

const unparsable = (why: string) => imErrors.cardFailed(`ErrCode: 200621; ErrMsg: parse card json err, please check whether the card json is correct; ErrorValue: ${why}`);

/** What a reader of a v2 card sees in place of its body. */
const V2_PLACEHOLDER = '请升级至最新版本客户端，以查看内容';

/** Card markdown mentions: `<at id=ou_x></at>` (also quoted); `<at id=all>` is @all. */
const CARD_AT = /<at\s+id\s*=\s*["']?([^"'\s>]+)["']?\s*>\s*<\/at>/g;

function textNodes(content: unknown, mentions: MentionList): Paragraph {
  if (typeof content !== 'string') return [];
  const out: Paragraph = [];
  let at = 0;
  for (const m of content.matchAll(CARD_AT)) {
    if (m.index! > at) out.push({ tag: 'text', text: content.slice(at, m.index) });
    out.push({ tag: 'at', user_id: mentions.add(m[1]), user_name: '' });
    at = m.index! + m[0].length;
  }
  if (at < content.length) out.push({ tag: 'text', text: content.slice(at) });
  return out;
}

const plain = (x: unknown): string => (x && typeof x === 'object' ? String((x as Obj).content ?? '') : typeof x === 'string' ? x : '');

/** One v1 element as a paragraph of the simplified card. */
function element(el: Obj, mentions: MentionList): Paragraph {
  switch (el.tag) {
    case 'div':
      return [...textNodes(el.text?.content, mentions), ...(Array.isArray(el.fields) ? el.fields.flatMap((f: Obj) => textNodes(f?.text?.content, mentions)) : [])];
    case 'markdown':
      return textNodes(el.content, mentions);
    case 'hr':
      return [{ tag: 'hr' }];
    case 'img':
      return [{ tag: 'img', image_key: String(el.img_key ?? '') }];
    case 'note':
      return [{ tag: 'note', elements: (Array.isArray(el.elements) ? el.elements : []).flatMap((e: Obj) => (e?.tag === 'img' ? [{ tag: 'img', image_key: String(e.img_key ?? '') }] : textNodes(plain(e), mentions))) }];
    case 'action':
      return (Array.isArray(el.actions) ? el.actions : []).map((a: Obj) =>
        a?.tag === 'button' ? { tag: 'button', text: plain(a.text), type: String(a.type ?? 'default') } : { tag: String(a?.tag ?? '') },
      );
    default:
      return [];
  }
}

/** Checks a sent card and returns its receive-format content. */
export function convertCard(card: Obj, mentions: MentionList): { title: string; elements: Paragraph[] } {
  if (card.type === 'template') {
    if (typeof card.data?.template_id !== 'string' || !card.data.template_id) throw unparsable('template data.template_id is required');
    return { title: '', elements: [] };
  }
  if (card.type === 'card') {
    if (typeof card.data?.card_id !== 'string' || !card.data.card_id) throw unparsable('card data.card_id is required');
    return { title: '', elements: [] };
  }
  const title = plain(card.header?.title);
  if (card.schema === '2.0') {
    if (!card.body || typeof card.body !== 'object') throw unparsable('a 2.0 card needs a body');
    return { title, elements: [[{ tag: 'text', text: V2_PLACEHOLDER }]] };
  }
  const elements = card.elements ?? Object.values(card.i18n_elements ?? {})[0];
  if (!Array.isArray(elements)) throw unparsable('a card needs elements');
  return { title, elements: elements.filter((e) => e && typeof e === 'object').map((e) => element(e, mentions)).filter((p) => p.length > 0) };
}

/**
 * A shared card ("共享卡片") is the only kind a card update may change: v1 cards say so with
 * `config.update_multi: true`; v2 cards are shared unless they say otherwise. Templates and card
 * entities carry their settings in the builder, so they count as shared.
 */
export function isSharedCard(card: Obj): boolean {
  if (card.type === 'template' || card.type === 'card') return true;
  if (card.schema === '2.0') return card.config?.update_multi !== false;
  return card.config?.update_multi === true;
}
