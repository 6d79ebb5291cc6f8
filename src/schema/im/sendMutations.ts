import { randomUUID } from 'node:crypto';
import { messageWrites } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { feishuId } from '../bitable/structureRules.js';
import { plan, send, dryRunInput } from '../mutations.js';
import { contentFields, messageBody, SEND_KINDS, uuidRule } from './messageInput.js';
import { primeMessage } from './messageLoaders.js';
import { messagePayload } from './messagePayload.js';

/**
 * sendMessage and replyMessage (feishu-wire.md §4.1). Both carry Feishu's `uuid`: the caller's,
 * or a fresh one, so the gateway's own retry of a call whose answer was lost cannot send twice;
 * a client that retries a mutation passes its own uuid for the same guarantee. The payload's
 * message is primed from Feishu's answer: reading it back costs no call.
 */

export const ReceiveIdType = builder.enumType('ReceiveIdType', {
  description: 'What receiveId names.',
  values: {
    OPEN_ID: { value: 'open_id', description: 'A user (their p2p chat with the sender).' },
    UNION_ID: { value: 'union_id' },
    USER_ID: { value: 'user_id' },
    EMAIL: { value: 'email' },
    CHAT_ID: { value: 'chat_id', description: 'A chat the sender is in.' },
  } as const,
});

const UUID_DESCRIPTION = 'Up to 50 characters: the same uuid within an hour sends once (the first message is answered again). Default: a random one.';

const SendMessagePayload = messagePayload('SendMessagePayload', 'The message sent');
const ReplyMessagePayload = messagePayload('ReplyMessagePayload', 'The reply');

builder.mutationField('sendMessage', (t) =>
  t.fieldWithInput({
    type: SendMessagePayload,
    nullable: false,
    description: 'Sends a message to a chat or a user, as the app\'s bot or as the calling user. Give exactly one content field.',
    input: {
      receiveId: t.input.string({ required: true, validate: feishuId('receiveId') }),
      receiveIdType: t.input.field({ type: ReceiveIdType, required: true }),
      ...contentFields(t.input, SEND_KINDS),
      uuid: t.input.string({ description: UUID_DESCRIPTION, validate: uuidRule }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = messageWrites.send(input.receiveIdType, input.receiveId, messageBody(input, SEND_KINDS), input.uuid ?? randomUUID());
      if (input.dryRun) return plan([call]);
      return { message: primeMessage(ctx, await send(ctx, call)) };
    },
  }),
);

builder.mutationField('replyMessage', (t) =>
  t.fieldWithInput({
    type: ReplyMessagePayload,
    nullable: false,
    description: 'Replies to a message, in its chat (or in its thread). Give exactly one content field.',
    input: {
      messageId: t.input.string({ required: true, description: 'The message to reply to.', validate: feishuId('messageId') }),
      ...contentFields(t.input, SEND_KINDS),
      replyInThread: t.input.boolean({ description: 'Reply in a thread: the message becomes (or stays in) a thread\'s root.' }),
      uuid: t.input.string({ description: UUID_DESCRIPTION, validate: uuidRule }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = messageWrites.reply(input.messageId, messageBody(input, SEND_KINDS), { replyInThread: input.replyInThread ?? undefined, uuid: input.uuid ?? randomUUID() });
      if (input.dryRun) return plan([call]);
      return { message: primeMessage(ctx, await send(ctx, call)) };
    },
  }),
);
