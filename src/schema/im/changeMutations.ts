import { messageWrites } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { feishuId } from '../bitable/structureRules.js';
import { plan, send, dryRunInput, sendRepeatable } from '../mutations.js';
import { contentFields, EDIT_KINDS, messageBody } from './messageInput.js';
import { forgetMessage, primeMessage } from './messageLoaders.js';
import { messagePayload } from './messagePayload.js';

/**
 * editMessage, updateCard and recallMessage (feishu-wire.md §4.1). Feishu answers an edit with
 * the message (primed for reading back); a card update and a recall answer nothing, so their
 * payload's message is read anew if asked for.
 */

/** 230011: the message is recalled. */
const RECALLED = 230011;

const EditMessagePayload = messagePayload('EditMessagePayload', 'The edited message');
const UpdateCardPayload = messagePayload('UpdateCardPayload', 'The message with its new card');
const RecallMessagePayload = messagePayload('RecallMessagePayload', 'The recalled message');

builder.mutationField('editMessage', (t) =>
  t.fieldWithInput({
    type: EditMessagePayload,
    nullable: false,
    description: 'Replaces the text of a text or post message the caller sent (at most 20 edits; text and post may be swapped). Give exactly one of text and post.',
    input: {
      messageId: t.input.string({ required: true, validate: feishuId('messageId') }),
      ...contentFields(t.input, EDIT_KINDS),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = messageWrites.edit(input.messageId, messageBody(input, EDIT_KINDS));
      if (input.dryRun) return plan([call]);
      return { message: primeMessage(ctx, await send(ctx, call)) };
    },
  }),
);

builder.mutationField('updateCard', (t) =>
  t.fieldWithInput({
    type: UpdateCardPayload,
    nullable: false,
    description: 'Replaces the card of an interactive message the caller sent, within 14 days. The card must be shared (config.update_multi: true) before and after.',
    input: {
      messageId: t.input.string({ required: true, validate: feishuId('messageId') }),
      card: t.input.field({ type: 'JSON', required: true, description: 'The new card JSON (as SendMessageInput.card).' }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const { content } = messageBody({ card: input.card }, ['card']);
      const call = messageWrites.updateCard(input.messageId, content);
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { message: forgetMessage(ctx, input.messageId) };
    },
  }),
);

builder.mutationField('recallMessage', (t) =>
  t.fieldWithInput({
    type: RecallMessagePayload,
    nullable: false,
    description: 'Recalls a message: its sender may, and a group\'s owner may recall anyone\'s. It then reads as deleted.',
    input: {
      messageId: t.input.string({ required: true, validate: feishuId('messageId') }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = messageWrites.recall(input.messageId);
      if (input.dryRun) return plan([call]);
      // A retry after a lost answer finds the message recalled by the first attempt: done.
      await sendRepeatable(ctx, call, RECALLED);
      return { message: forgetMessage(ctx, input.messageId) };
    },
  }),
);
