import { builder } from '../builder.js';
import { MutationPayload, type Planned } from '../mutations.js';
import { MessageRef } from './message.js';
import type { MessageShape } from './messageLoaders.js';

/** What every message mutation answers: the message it touched, or the planned calls of a dry run. */
export interface MessagePayload extends Planned {
  message?: MessageShape | null;
}

export const messagePayload = (name: string, description: string) =>
  builder.objectRef<MessagePayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({ message: t.field({ type: MessageRef, nullable: true, description: `${description} (null on a dry run).`, resolve: (p) => p.message ?? null }) }),
  });
