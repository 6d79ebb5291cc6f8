/**
 * The emulator's whole world as one JSON-serialisable value. Collections are objects keyed by id:
 * insertion order is the display order (ids are never integer-like), lookups are O(1), and the
 * persistence layer can write the state as it is.
 */

export interface EmulatorState {
  version: 1;
  apps: Record<string, App>;
  users: Record<string, User>; // by open_id
  tokens: {
    tenant: Record<string, TokenGrant>;
    app: Record<string, TokenGrant>;
    user: Record<string, UserTokenGrant>;
  };
  idempotency: Record<string, IdempotentAnswer>;
  chats: Record<string, Chat>;
  messages: Record<string, Message>;
  tasks: Record<string, Task>;
  media: Record<string, MediaFile>;
  /** Feed groups of every user, by group_id (im/feedGroups.ts); absent in state files of older versions. */
  feedGroups?: Record<string, FeedGroup>;
  /** Task v2 attachments by guid (task/attachments.ts); absent in state files of older versions. */
  taskAttachments?: Record<string, TaskAttachment>;
  /** Drive event subscriptions by file token (events/subscriptions.ts); absent in state files of older versions. */
  fileSubscriptions?: Record<string, FileSubscription>;
}

export interface TokenGrant { expiresAt: number }
export interface UserTokenGrant extends TokenGrant { openId: string }

export interface IdempotentAnswer { bodyHash: string; data: unknown; at: number }

export interface User {
  open_id: string;
  union_id: string;
  user_id: string;
  name: string;
  en_name: string;
  email: string;
  avatar_url: string;
}

export interface App {
  app_token: string;
  name: string;
  revision: number;
  folder_token: string;
  time_zone: string;
  is_advanced: boolean;
  created_at: number;
  tables: Record<string, Table>;
  dashboards: Record<string, Dashboard>;
  roles: Record<string, Role>;
}

export interface Dashboard { block_id: string; name: string }

export interface Table {
  table_id: string;
  name: string;
  revision: number;
  fields: Record<string, Field>; // the first is the primary field
  views: Record<string, View>;
  records: Record<string, StoredRecord>;
  /** Next value per auto-number field id. */
  autoNumbers: Record<string, number>;
}

export interface Field {
  field_id: string;
  field_name: string;
  type: number;
  ui_type?: string;
  property: Record<string, unknown> | null;
  description?: string;
  is_primary?: boolean;
  is_hidden?: boolean;
}

export interface View {
  view_id: string;
  view_name: string;
  view_type: 'grid' | 'kanban' | 'gallery' | 'gantt' | 'form';
  property: Record<string, unknown> | null;
  form?: Form;
}

export interface Form {
  name: string;
  description: string;
  shared: boolean;
  shared_url: string;
  shared_limit: 'off' | 'tenant_editable' | 'anyone_editable';
  submit_limit_once: boolean;
  /** Per field id: question settings. */
  questions: Record<string, FormQuestion>;
}

export interface FormQuestion { title: string; description: string; required: boolean; visible: boolean }

/** A record's values are stored by field id in their canonical stored form (see bitable/values.ts). */
export interface StoredRecord {
  record_id: string;
  fields: Record<string, unknown>;
  created_time: number;
  created_by: string; // open_id
  last_modified_time: number;
  last_modified_by: string;
}

export interface Role {
  role_id: string;
  role_name: string;
  table_roles: TableRole[];
  block_roles: BlockRole[];
  members: Record<string, RoleMember>; // by open_id / chat_id / department id
}

/** One table's settings in a role (seed A42). Fields are kept by id so renames follow; the API speaks names. */
export interface TableRole {
  table_id: string;
  table_perm: 0 | 1 | 2 | 4;
  /** Only for table_perm 2. */
  allow_add_record?: boolean;
  allow_delete_record?: boolean;
  /** Only for table_perm 1 and 2. */
  rec_rule?: RecordRule;
  /** Only for table_perm 2: field id -> 1 (read) or 2 (edit). */
  field_perm?: Record<string, 1 | 2>;
}

export interface RecordRule {
  conjunction: 'and' | 'or';
  other_perm: 0 | 1;
  conditions: RecordRuleCondition[];
}

export interface RecordRuleCondition {
  /** '' stands for the record's creator ("创建人 包含 访问者本人"). */
  field_id: string;
  operator: 'is' | 'isNot' | 'contains' | 'doesNotContain' | 'isEmpty' | 'isNotEmpty';
  /** Option ids for select fields; null for person conditions, which always mean "the visitor". */
  value: string[] | null;
}

export interface BlockRole { block_id: string; block_perm: 0 | 1 }

export interface RoleMember {
  member_type: 'user' | 'chat' | 'department';
  /** The member's id as stored: open_id for users, chat_id for chats, open_department_id for departments. */
  id: string;
  member_name: string;
  member_en_name: string;
}

export interface Chat {
  chat_id: string;
  name: string;
  description: string;
  chat_mode: 'group' | 'p2p' | 'topic';
  owner_open_id: string;
  members: string[]; // open_ids
  bot_member: boolean;
  created_at: number;
}

export interface Message {
  message_id: string;
  chat_id: string;
  sender_open_id: string;
  sender_type: 'user' | 'app';
  msg_type: string;
  /** JSON string in the receive format (what list/get answer; im/content.ts turns a sent content into it). */
  content: string;
  parent_id?: string;
  root_id?: string;
  thread_id?: string;
  create_time: number;
  update_time: number;
  deleted: boolean;
  updated: boolean;
  /** Who the content's `@_user_N` keys name, in order (im/mentions.ts). */
  mentions?: StoredMention[];
  /** Interactive messages: the card as sent, which a card update checks for `update_multi`. */
  card?: string;
  /** How many times the message was edited (Feishu allows 20). */
  edits?: number;
}

/** One `@` of a message: its key in the content (`@_user_1`) and whom it names. */
export interface StoredMention { key: string; open_id: string; name: string }

export interface Task { guid: string; summary: string; owner_open_id: string; created_at: number }

/** A user's feed group ("tag", feishu-wire.md §4.4); deleting only marks it, as Feishu soft-deletes. */
export interface FeedGroup {
  group_id: string;
  owner_open_id: string;
  type: 'normal' | 'rule';
  name: string;
  /** Rule groups only; people as open_ids whatever user_id_type the request used. */
  rules: FeedGroupRule[];
  create_time: number;
  update_time: number;
  deleted: boolean;
  /** By feed_id (a chat_id), live or soft-deleted; a rule group's follow its rules (im/feedRules.ts). */
  items: Record<string, FeedGroupItem>;
}

export interface FeedGroupItem { feed_id: string; feed_type: 'chat'; update_time: number; deleted: boolean }

export interface FeedGroupRule {
  condition: { match_type: 'match_all' | 'match_any'; condition_items: FeedRuleConditionItem[] };
  action: 'add' | 'remove';
}

export interface FeedRuleConditionItem {
  type: 'keyword' | 'chatter' | 'chat_type';
  operator: 'contain' | 'not_contain' | 'is' | 'is_not';
  keyword?: string;
  /** An open_id. */
  user_id?: string;
  chat_type?: string;
}

/** A file attached to a task (feishu-wire.md §5); its name, size and bytes are the media file's. */
export interface TaskAttachment {
  guid: string;
  file_token: string;
  resource_type: 'task';
  resource_id: string;
  uploader_open_id: string;
  uploaded_at: number;
}

/**
 * Who asked for a file's events (drive `subscribe`): the app itself (tenant token) and/or users
 * (user tokens, listed in the events' `subscriber_id_list`). Events are emitted while either holds.
 */
export interface FileSubscription {
  file_token: string;
  file_type: 'bitable';
  app: boolean;
  /** open_ids, in subscription order. */
  users: string[];
  created_at: number;
}

export interface MediaFile {
  file_token: string;
  name: string;
  size: number;
  mime_type: string;
  parent_type: string;
  parent_node: string;
  created_at: number;
}

export function emptyState(): EmulatorState {
  return {
    version: 1,
    apps: {},
    users: {},
    tokens: { tenant: {}, app: {}, user: {} },
    idempotency: {},
    chats: {},
    messages: {},
    tasks: {},
    media: {},
    feedGroups: {},
    taskAttachments: {},
    fileSubscriptions: {},
  };
}
