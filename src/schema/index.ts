// Loads every type module (each registers its types and root fields with the builder), then
// builds the schema. Export nothing else from here: import types from the files that define them.
import './scalars.js';
import './viewer.js';
import './user.js';
import './mutations.js';
import './bitable/index.js';
import './im/index.js';
// Messages (issue 6): the Message type, Chat.messages, and the message mutations.
import './im/message.js';
import './im/chatMessages.js';
import './im/sendMutations.js';
import './im/changeMutations.js';
import './task/index.js';
// Subscriptions (issue 7): the root, then one field beside each event type.
import './subscriptions.js';
import './bitable/recordChanged.js';
import './bitable/fieldChanged.js';
import './im/messageReceived.js';
import { builder } from './builder.js';

export const schema = builder.toSchema();
