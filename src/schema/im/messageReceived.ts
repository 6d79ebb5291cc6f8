import type { MessageReceived } from '../../events/types.js';
import { topics } from '../../events/types.js';
import { builder } from '../builder.js';
import { assertChatMember, assertUserToken, isChatMember } from '../eventAccess.js';
import { enterEvent } from '../eventLoaders.js';
import { eventStream } from '../subscriptions.js';
import { ChatRef } from './chat.js';
import { messageFromEvent, senderFromEvent } from './eventMessage.js';
import { MessageRef } from './message.js';
import { MessageSenderRef } from './messageSender.js';

/**
 * `messageReceived`: a message arrived in a chat (`im.message.receive_v1`). The Message is the
 * event's own message (no `mget`); whatever else a query asks (the chat, the sender's profile, a
 * replied-to message) loads once per event for all subscribers of the identity. A user hears only
 * the chats they are in: with `chatId` that is checked up front (FORBIDDEN otherwise), without
 * it each chat is checked as its first message comes (and again a while later), through a
 * membership cache the user's subscriptions share. The app hears every chat it receives events of.
 */

export const MessageReceivedEventRef = builder.objectRef<MessageReceived>('MessageReceivedEvent').implement({
  description: 'A message was received in a chat.',
  fields: (t) => ({
    id: t.id({ nullable: false, description: 'The event id (one message per event).', resolve: (e) => e.id }),
    eventId: t.exposeString('eventId', { nullable: false }),
    occurredAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.occurredAt }),
    chatId: t.exposeString('chatId', { nullable: false }),
    chatType: t.string({ nullable: true, description: 'p2p or group.', resolve: (e) => e.chatType }),
    message: t.field({
      type: MessageRef,
      nullable: false,
      resolve: (e) => {
        const raw = messageFromEvent(e.message, e.sender, e.chatId);
        return { messageId: raw.message_id, raw };
      },
    }),
    chat: t.field({ type: ChatRef, nullable: true, resolve: (e) => ({ chatId: e.chatId }) }),
    sender: t.field({ type: MessageSenderRef, nullable: false, resolve: (e) => senderFromEvent(e.sender) }),
  }),
});

builder.subscriptionField('messageReceived', (t) =>
  t.field({
    type: MessageReceivedEventRef,
    nullable: false,
    description: "Messages received in one chat (chatId) or in all of the identity's chats; a user hears only chats they are in.",
    args: { chatId: t.arg.string({ description: 'Only this chat (a user must be in it: else FORBIDDEN).' }) },
    subscribe: (_root, args, ctx) =>
      eventStream(ctx, async (scope) => {
        const chatId = args.chatId ?? undefined;
        await (chatId ? assertChatMember(scope, chatId) : assertUserToken(scope));
        return {
          topic: topics.message(),
          keep: (e): e is MessageReceived => e.kind === 'message' && (!chatId || e.chatId === chatId),
          allow: scope.identity.kind === 'USER' ? (e) => isChatMember(scope, e.chatId) : undefined,
        };
      }),
    resolve: (event, _args, ctx) => {
      enterEvent(ctx, event.eventId);
      return event;
    },
  }),
);
