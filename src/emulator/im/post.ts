import { imErrors } from './errors.js';
import { AT_TAG, type MentionList } from './mentions.js';

/**
 * Rich text (`msg_type: post`) from the send to the receive format (feishu-wire.md §4.2,
 * D:发送消息内容结构 / D:接收消息内容结构): the sender wraps `{title, content}` in a locale
 * (`zh_cn`, `en_us`, …); a reader gets one locale unwrapped, `at` nodes keyed `@_user_N` with an
 * empty `user_name`, and `md` nodes turned into plain tags (lists and quotes become text).
 */

type Node = Record<string, unknown>;
type Paragraph = Node[];

const STYLES = new Set(['bold', 'underline', 'lineThrough', 'italic']);
/** Tags that must sit alone in their paragraph (D:发送消息内容结构: img, media and md). */
const ALONE = new Set(['img', 'media', 'md']);

const bad = (ext: string) => imErrors.invalidParam(`post ${ext}`);

function str(node: Node, key: string, required: boolean): string | undefined {
  const v = node[key];
  if (v === undefined || v === null) {
    if (required) throw bad(`${node.tag} node needs ${key}`);
    return undefined;
  }
  if (typeof v !== 'string') throw bad(`${node.tag}.${key} must be a string`);
  return v;
}

/** Unknown style names are ignored, as the page says. */
const styleOf = (node: Node) => (Array.isArray(node.style) ? { style: node.style.filter((s) => typeof s === 'string' && STYLES.has(s)) } : {});

/** One send-format node as the reader sees it; `md` expands to paragraphs of its own. */
function convertNode(node: Node, mentions: MentionList): Node {
  switch (node.tag) {
    case 'text':
      return { tag: 'text', text: str(node, 'text', true), ...(node.un_escape === true ? { un_escape: true } : {}), ...styleOf(node) };
    case 'a':
      return { tag: 'a', href: str(node, 'href', true), text: str(node, 'text', true), ...styleOf(node) };
    case 'at':
      return { tag: 'at', user_id: mentions.add(str(node, 'user_id', true)!), user_name: '', ...styleOf(node) };
    case 'img':
      return { tag: 'img', image_key: str(node, 'image_key', true) };
    case 'media': {
      const image_key = str(node, 'image_key', false);
      return { tag: 'media', file_key: str(node, 'file_key', true), ...(image_key ? { image_key } : {}) };
    }
    case 'emotion':
      return { tag: 'emotion', emoji_type: str(node, 'emoji_type', true) };
    case 'hr':
      return { tag: 'hr' };
    case 'code_block':
      return { tag: 'code_block', language: (str(node, 'language', false) ?? '').toUpperCase(), text: str(node, 'text', true) };
    default:
      throw bad(`has an unknown tag ${JSON.stringify(node.tag)}`);
  }
}

/** Inline markdown: `<at>` tags, `[text](url)` links, and text with its emphasis marks dropped. */
function inline(line: string, mentions: MentionList): Paragraph {
  const out: Paragraph = [];
  const pushText = (t: string) => {
    const text = t.replace(/\*\*\*|\*\*|~~/g, '').replace(/\*([^*\n]+)\*/g, '$1').replace(/~([^~\n]+)~/g, '$1');
    if (text) out.push({ tag: 'text', text });
  };
  const token = new RegExp(`${AT_TAG.source}|\\[([^\\]]+)\\]\\(([^)\\s]+)\\)`, 'g');
  let at = 0;
  for (const m of line.matchAll(token)) {
    pushText(line.slice(at, m.index));
    if (m[5] !== undefined) out.push({ tag: 'a', href: m[6], text: m[5] });
    else out.push({ tag: 'at', user_id: mentions.add(m[1] ?? m[2] ?? m[3] ?? ''), user_name: '' });
    at = m.index! + m[0].length;
  }
  pushText(line.slice(at));
  return out;
}

/** An `md` node's text as receive-format paragraphs: code fences, rules, then one paragraph a line. */
function markdown(text: string, mentions: MentionList): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*```\s*(\S*)\s*$/.exec(lines[i]);
    if (fence) {
      const body: string[] = [];
      while (++i < lines.length && !/^\s*```\s*$/.test(lines[i])) body.push(lines[i]);
      paragraphs.push([{ tag: 'code_block', language: fence[1].toUpperCase(), text: body.join('\n') }]);
    } else if (/^\s*---\s*$/.test(lines[i])) {
      paragraphs.push([{ tag: 'hr' }]);
    } else {
      // List markers and quotes stay as text, as the page says they are simplified.
      const nodes = inline(lines[i], mentions);
      if (nodes.length > 0) paragraphs.push(nodes);
    }
  }
  return paragraphs;
}

/** The send format's locale picked for readers: zh_cn, then en_us, then the first one given. */
function pickLocale(body: Record<string, unknown>): Record<string, unknown> {
  const locales = Object.keys(body);
  const key = locales.includes('zh_cn') ? 'zh_cn' : locales.includes('en_us') ? 'en_us' : locales[0];
  const post = key === undefined ? undefined : body[key];
  if (!post || typeof post !== 'object' || Array.isArray(post)) throw bad('needs a locale object such as {"zh_cn":{"title","content"}}');
  return post as Record<string, unknown>;
}

export function convertPost(body: Record<string, unknown>, mentions: MentionList): { title: string; content: Paragraph[] } {
  const post = pickLocale(body);
  const title = post.title ?? '';
  if (typeof title !== 'string') throw bad('title must be a string');
  if (!Array.isArray(post.content)) throw bad('content must be an array of paragraphs');
  const content: Paragraph[] = [];
  for (const paragraph of post.content) {
    if (!Array.isArray(paragraph)) throw bad('content must be an array of paragraphs');
    const nodes = paragraph as Node[];
    if (nodes.some((n) => !n || typeof n !== 'object' || Array.isArray(n))) throw bad('nodes must be objects');
    if (nodes.length > 1 && nodes.some((n) => ALONE.has(n.tag as string))) throw bad(`${nodes.find((n) => ALONE.has(n.tag as string))!.tag} must be a paragraph of its own`);
    if (nodes[0]?.tag === 'md') content.push(...markdown(str(nodes[0], 'text', true)!, mentions));
    else content.push(nodes.map((n) => convertNode(n, mentions)));
  }
  if (!title.trim() && content.every((p) => p.length === 0)) throw bad('is empty');
  return { title, content };
}
