import { z } from 'zod';
import { issueUserToken } from './auth.js';
import { addChat } from './chats.js';
import { addUser } from './contact.js';
import { RuntimeConfigPatch } from './config.js';
import { ApiError } from './errors.js';
import { eventAdminRoutes } from './events/adminRoutes.js';
import { FaultSpec } from './faults.js';
import { storeMessage } from './im/store.js';
import { newId } from './ids.js';
import { del, get, post, put, type Route, type RouteContext } from './router.js';
import type { EmulatorServices } from './server.js';
import { longConnectionAdminRoutes } from './ws/routes.js';

/** Loopback only: 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || a.startsWith('127.');
}

const badRequest = (msg: string) => new ApiError(400, 400, msg);

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

const UserInput = z.object({ name: z.string().min(1), en_name: z.string().optional(), email: z.string().optional() }).strict();
const ChatInput = z.object({
  name: z.string().min(1),
  chat_mode: z.enum(['group', 'p2p', 'topic']).optional(),
  members: z.array(z.string()).optional(),
  bot_member: z.boolean().optional(),
  description: z.string().optional(),
}).strict();
const MessageInput = z.object({ sender_open_id: z.string(), msg_type: z.string(), content: z.string(), parent_id: z.string().optional(), reply_in_thread: z.boolean().optional() }).strict();
const TaskInput = z.object({ summary: z.string().min(1), owner_open_id: z.string() }).strict();

export function adminRoutes(s: EmulatorServices): Route[] {
  const requireUser = (ctx: RouteContext, openId: string) => {
    if (!ctx.rt.state.users[openId]) throw badRequest(`unknown user open_id ${openId}`);
  };
  return [
    get('/requests', 'none', () => s.log.entries),
    del('/requests', 'none', () => {
      s.log.clear();
      return {};
    }),
    post('/faults', 'none', (ctx) => {
      const spec = parse(FaultSpec, ctx.body);
      try {
        return { id: s.faults.add(spec) };
      } catch (e) {
        throw badRequest(`path is not a valid RegExp: ${(e as Error).message}`);
      }
    }),
    del('/faults', 'none', () => {
      s.faults.clear();
      return {};
    }),
    get('/config', 'none', (ctx) => ctx.rt.config),
    put('/config', 'none', (ctx) => {
      const patch = parse(RuntimeConfigPatch, ctx.body);
      const { wsClientConfig, ...rest } = patch;
      Object.assign(ctx.rt.config, rest);
      if (wsClientConfig) Object.assign(ctx.rt.config.wsClientConfig, wsClientConfig);
      if (patch.rateLimits !== undefined) s.throttle.reset(); // new limits start with fresh windows
      return ctx.rt.config;
    }),
    post('/reset', 'none', (ctx) => {
      const { seed } = parse(z.object({ seed: z.enum(['demo', 'empty']) }).strict(), ctx.body);
      s.reset(seed);
      return { seed };
    }),
    post('/users', 'none', (ctx) => {
      const input = parse(UserInput, ctx.body);
      const user = addUser(ctx.rt.state, input);
      ctx.rt.changed();
      const { open_id, union_id, user_id, name } = user;
      return { open_id, union_id, user_id, name, user_access_token: issueUserToken(ctx.rt, open_id) };
    }),
    post('/users/:open_id/token', 'none', (ctx) => {
      requireUser(ctx, ctx.params.open_id);
      return { user_access_token: issueUserToken(ctx.rt, ctx.params.open_id) };
    }),
    post('/chats', 'none', (ctx) => {
      const input = parse(ChatInput, ctx.body);
      for (const m of input.members ?? []) requireUser(ctx, m);
      const { chat_id } = addChat(ctx.rt.state, { ...input, owner_open_id: input.members?.[0] ?? ctx.rt.bot.open_id, created_at: ctx.rt.now() });
      ctx.rt.changed();
      return { chat_id };
    }),
    post('/chats/:chat_id/messages', 'none', (ctx) => {
      const input = parse(MessageInput, ctx.body);
      const chat = ctx.rt.state.chats[ctx.params.chat_id];
      if (!chat) throw badRequest(`unknown chat ${ctx.params.chat_id}`);
      requireUser(ctx, input.sender_open_id);
      const parent = input.parent_id ? ctx.rt.state.messages[input.parent_id] : undefined;
      if (input.parent_id && parent?.chat_id !== chat.chat_id) throw badRequest(`unknown parent message ${input.parent_id} in this chat`);
      try {
        // The same checks and conversion as an API send: stored in the receive format, so list and get read it back.
        const sender = { open_id: input.sender_open_id, type: 'user' as const };
        const { message_id } = storeMessage(ctx.rt, { chat, sender, msg_type: input.msg_type, content: input.content, parent, replyInThread: input.reply_in_thread });
        return { message_id };
      } catch (e) {
        if (e instanceof ApiError) throw badRequest(`content must be a valid ${input.msg_type} message in the send format: ${e.message}`);
        throw e;
      }
    }),
    post('/tasks', 'none', (ctx) => {
      const input = parse(TaskInput, ctx.body);
      requireUser(ctx, input.owner_open_id);
      const guid = newId.uuid();
      ctx.rt.state.tasks[guid] = { guid, summary: input.summary, owner_open_id: input.owner_open_id, created_at: ctx.rt.now() };
      ctx.rt.changed();
      return { guid };
    }),
    ...eventAdminRoutes,
    ...longConnectionAdminRoutes,
  ];
}
