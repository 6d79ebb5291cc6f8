import { ASSUMED, WRITE_CHUNK, type BatchEndpoint } from './assumptions.js';

/**
 * The price list of the cost estimate: which fields cause Feishu calls, and how many objects
 * each field leads to. The one place to edit when a resolver starts (or stops) calling Feishu.
 * Fields not listed cost nothing and lead to one object (a list field: `ASSUMED.listItems`).
 */

/** The objects the walk has reached at one place of the query. */
export interface Objects {
  /** How many there may be. */
  count: number;
  /** How many distinct Bitable tables they belong to (reads cached per table). */
  tables: number;
  /** Where they came from: loads of the same objects are counted once. */
  origin: string;
  /** Dependent batched loads before them: loads of one wave share calls. */
  wave: number;
  /** What is known without a load: only the keys, everything, or these fields. */
  known: 'key' | 'full' | readonly string[];
  /** Under an abstract type (Cell, MessageContent, Node): how many of a concrete type. */
  byType?: Readonly<Record<string, number>>;
}

type Args = Record<string, unknown>;

export interface FieldPrice {
  /** Calls made once per parent object (a connection page, a get without a batch form). */
  perParent?: number;
  /** Keys this field sends to a batch endpoint for all its parents together. */
  batch?: { endpoint: BatchEndpoint; keys: (parent: Objects, args: Args) => number };
  /** A read cached per request and table (the field listing): one per distinct table. */
  perTable?: string;
  /** A mutation priced by its input. */
  input?: (input: Args) => number;
  /** The objects the field leads to (count, and what is known of them); default: one each. */
  child?: (parent: Objects, args: Args) => Partial<Objects>;
}

const pageOf = (args: Args, cap: number): number => {
  const first = typeof args.first === 'number' ? args.first : ASSUMED.defaultPageSize;
  // Over the cap the resolver refuses with BAD_USER_INPUT; price what it would allow.
  return Math.max(0, Math.min(first, cap));
};

/** A connection: one upstream page per parent (API.md: one connection page is one page). */
const connection = (cap: number, known: Objects['known'] = 'full', perTable?: string): FieldPrice => ({
  perParent: 1,
  perTable,
  child: (p, args) => ({ count: p.count * pageOf(args, cap), known }),
});

/** A root or nested lookup that returns a key object: its fields load it. */
const lookup = (count = (p: Objects, _a: Args) => p.count): FieldPrice => ({ child: (p, a) => ({ count: count(p, a), known: 'key' }) });

const USER_CELL_KNOWS = ['id', 'openId', 'name', 'enName', 'email', 'avatarUrl'];
const usersOfCell: FieldPrice = { child: (p) => ({ count: p.count * ASSUMED.usersPerCell, known: USER_CELL_KNOWS }) };

const length = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
const chunks = (n: number, size: number) => Math.ceil(n / size);
/** One write plus the field listing it is validated against. */
const recordWrites = (key: string): FieldPrice => ({ input: (i) => Math.max(1, chunks(length(i[key]), WRITE_CHUNK.records)) + 1, child: (_p, a) => ({ count: Math.max(1, length((a.input as Args | undefined)?.[key])), known: 'full' }) });

/** `Type.field` -> its price. Interface fields are found under the interface's name too. */
export const PRICES: Readonly<Record<string, FieldPrice>> = {
  // Roots
  'Query.app': lookup(),
  'Query.user': lookup(),
  'Query.chat': lookup(),
  'Query.message': lookup(),
  'Query.feedGroup': lookup(),
  'Query.taskAttachment': lookup(),
  'Query.node': lookup(),
  'Query.nodes': lookup((p, a) => p.count * length(a.ids)),
  'Query.feedGroups': connection(50),
  'Query.taskAttachments': connection(100, ['guid', 'id', 'fileToken', 'name', 'size', 'uploadedAt', 'url', 'urlExpiresAt', 'isCover', 'resourceType', 'resourceId', 'uploaderRole']),
  // One authen/v1/user_info a request (a user token; null for the app).
  'Viewer.user': { perParent: 1, child: () => ({ known: 'full' }) },

  // Bitable
  'App.tables': { perParent: 1, child: (p, a) => ({ count: p.count * pageOf(a, 100), tables: p.count * pageOf(a, 100), known: 'full' }) },
  'App.table': { child: (p) => ({ known: 'key', tables: p.count }) },
  'App.roles': connection(30),
  'App.role': lookup(),
  'App.dashboards': connection(500),
  'App.dashboard': lookup(),
  'Table.fields': connection(100),
  'Table.field': { perTable: 'fields', child: () => ({ known: 'full' }) },
  'Table.views': connection(100),
  'Table.view': lookup(),
  'Table.records': { perParent: 1, child: (p, a) => ({ count: p.count * pageOf(a, 500), known: 'full' }) },
  'Table.record': { child: (p) => ({ known: 'key', tables: p.tables }) },
  'Table.app': { child: () => ({ count: 1, known: 'key' }) },
  'View.records': { perParent: 1, child: (p, a) => ({ count: p.count * pageOf(a, 500), known: 'full' }) },
  'View.form': lookup(),
  'Form.questions': { perParent: 1, child: (p) => ({ count: p.count * ASSUMED.listItems, known: 'full' }) },
  'Role.members': connection(100),
  'RoleMember.user': { child: () => ({ known: USER_CELL_KNOWS }) },
  'TableRole.table': { child: (p) => ({ known: 'key', tables: p.count }) },
  'BlockRole.dashboard': lookup(),
  'Dashboard.app': { child: () => ({ count: 1, known: 'key' }) },
  'Field.linkedTable': { child: (p) => ({ known: 'key', tables: p.count }) },
  'FieldChangedEvent.field': { child: () => ({ known: 'full' }) },
  'FormQuestion.field': { perTable: 'fields', child: () => ({ known: 'full' }) },
  'Record.table': { child: () => ({ known: 'key' }) },
  'Record.cells': {
    perTable: 'fields',
    child: (p) => ({
      count: p.count * ASSUMED.cellsPerRecord,
      known: 'full',
      byType: {
        LinkCell: p.count * ASSUMED.linkCellsPerRecord,
        UserCell: p.count * ASSUMED.userCellsPerRecord,
        CreatedUserCell: p.count * ASSUMED.userCellsPerRecord,
        ModifiedUserCell: p.count * ASSUMED.userCellsPerRecord,
        AttachmentCell: p.count * ASSUMED.attachmentCellsPerRecord,
      },
    }),
  },
  // One cell, of whichever type the field is: every type gets the whole count.
  'Record.cell': { perTable: 'fields', child: () => ({ known: 'full' }) },
  'Record.createdBy': { child: () => ({ known: USER_CELL_KNOWS }) },
  'Record.lastModifiedBy': { child: () => ({ known: USER_CELL_KNOWS }) },
  'Cell.field': { child: () => ({ known: 'full' }) },
  'LinkCell.records': {
    batch: { endpoint: 'records', keys: (p) => p.count * ASSUMED.linksPerCell },
    child: (p) => ({ count: p.count * ASSUMED.linksPerCell, tables: Math.min(p.count * ASSUMED.linksPerCell, p.tables * ASSUMED.linkedTablesPerTable), known: 'full', wave: p.wave + 1 }),
  },
  'LinkCell.linkedTable': { child: (p) => ({ known: 'key', tables: Math.min(p.count, p.tables * ASSUMED.linkedTablesPerTable) }) },
  'UserCell.users': usersOfCell,
  'CreatedUserCell.users': usersOfCell,
  'ModifiedUserCell.users': usersOfCell,
  'AttachmentCell.attachments': { child: (p) => ({ count: p.count * ASSUMED.attachmentsPerCell, known: 'full' }) },
  'BitableAttachment.temporaryUrl': { batch: { endpoint: 'tmpUrls', keys: (p) => p.count } },

  // IM and tasks
  'Chat.messages': connection(50),
  'Message.chat': lookup(),
  'Message.parent': lookup(),
  'Message.root': lookup(),
  'Message.mentions': { child: (p) => ({ count: p.count * ASSUMED.mentionsPerMessage, known: 'full' }) },
  'Mention.user': { child: () => ({ known: ['id', 'openId', 'name'] }) },
  'MessageSender.user': lookup(),
  'ShareChatContent.chat': lookup(),
  'ShareUserContent.user': lookup(),
  'FeedGroup.items': connection(50),
  // Loaded with the item, whether or not a chat field is asked.
  'FeedItem.chat': { batch: { endpoint: 'chats', keys: (p) => p.count }, child: (p) => ({ known: 'full', wave: p.wave + 1 }) },
  'FeedGroupCondition.user': lookup(),
  'TaskAttachment.uploader': lookup(),

  // Subscriptions: one event's execution.
  'RecordChangedEvent.record': { child: (p) => ({ known: 'key', tables: p.count }) },
  'RecordChangedEvent.table': { child: (p) => ({ known: 'key', tables: p.count }) },
  'RecordChangedEvent.operator': lookup(),
  'RecordChangedEvent.before': { child: (p) => ({ count: p.count * ASSUMED.changesPerEvent, tables: p.count, known: 'full' }) },
  'RecordChangedEvent.after': { child: (p) => ({ count: p.count * ASSUMED.changesPerEvent, tables: p.count, known: 'full' }) },
  'FieldValueChange.field': { perTable: 'fields', child: () => ({ known: 'full' }) },
  'FieldChangedEvent.table': { child: (p) => ({ known: 'key', tables: p.count }) },
  'FieldChangedEvent.operator': lookup(),
  'MessageReceivedEvent.chat': lookup(),
  'MessageReceivedEvent.message': { child: () => ({ known: 'full' }) },

  // Mutations, by their input (a dry run makes the same reads, so it is priced the same).
  'Mutation.createRecords': recordWrites('records'),
  'Mutation.updateRecords': recordWrites('records'),
  'Mutation.deleteRecords': { input: (i) => Math.max(1, chunks(length(i.recordIds), WRITE_CHUNK.records)) },
  'Mutation.createRecord': { input: () => 2, child: () => ({ known: 'full' }) },
  'Mutation.updateRecord': { input: () => 2, child: () => ({ known: 'full' }) },
  'Mutation.addRoleMembers': { input: (i) => Math.max(1, chunks(length(i.members), WRITE_CHUNK.roleMembers)) },
  'Mutation.removeRoleMembers': { input: (i) => Math.max(1, chunks(length(i.members), WRITE_CHUNK.roleMembers)) },
};

/** Any other mutation: its write and one read it may validate against (a field, a role). */
export const DEFAULT_MUTATION_CALLS = 2;

/**
 * Types whose objects are loaded when a field beyond their keys is asked (and the walk holds only
 * their keys): which endpoint loads them, and which fields are free (keys, or lists with a
 * price of their own that need only the key).
 */
export const LOADS: Readonly<Record<string, { endpoint: BatchEndpoint | 'perBase'; free: readonly string[] }>> = {
  App: { endpoint: 'single', free: ['id', 'appToken', 'tables', 'table', 'roles', 'role', 'dashboards', 'dashboard'] },
  // The base's table list (Feishu has no single-table read), cached per request.
  Table: { endpoint: 'perBase', free: ['id', 'appToken', 'tableId', 'app', 'fields', 'field', 'views', 'view', 'records', 'record'] },
  Record: { endpoint: 'records', free: ['id', 'recordId', 'table'] },
  User: { endpoint: 'users', free: ['id', 'openId'] },
  Chat: { endpoint: 'chats', free: ['id', 'chatId', 'messages'] },
  Message: { endpoint: 'messages', free: ['id', 'messageId'] },
  FeedGroup: { endpoint: 'feedGroups', free: ['id', 'groupId', 'items'] },
  TaskAttachment: { endpoint: 'single', free: ['id', 'guid'] },
  View: { endpoint: 'single', free: ['id', 'viewId', 'records', 'table'] },
  Form: { endpoint: 'single', free: ['questions'] },
  Role: { endpoint: 'perBase', free: ['id', 'roleId', 'members', 'app'] },
  Dashboard: { endpoint: 'perBase', free: ['id', 'blockId', 'app'] },
};
