/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant, as an ISO-8601 string (e.g. 2026-01-31T08:00:00.000Z). */
  DateTime: { input: string; output: string; }
  /** A file upload (GraphQL multipart request spec). */
  File: { input: File; output: File; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

export type AddFeedGroupItemsInput = {
  /** 1 to 50 distinct chat ids (oc_…). */
  chatIds: Array<Scalars['String']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  groupId: Scalars['String']['input'];
};

export type AddRoleMembersInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  members: Array<RoleMemberInput>;
  roleId: Scalars['String']['input'];
};

export type AttachmentKind =
  /** Any file (bitable_file). */
  | 'FILE'
  /** An image, shown as one (bitable_image). */
  | 'IMAGE';

/** A role's access to a block such as a dashboard (Feishu's block_perm). */
export type BlockPermission =
  /** 0: no access. */
  | 'NONE'
  /** 1: read. */
  | 'READ';

/** A role's permission on one block (a dashboard). */
export type BlockRoleInput = {
  blockId: Scalars['String']['input'];
  blockPerm: BlockPermission;
};

export type ChatMode =
  /** A group chat. */
  | 'GROUP'
  /** A one-to-one chat (its name is empty). */
  | 'P2P'
  /** A topic (thread) group. */
  | 'TOPIC';

export type Conjunction =
  | 'AND'
  | 'OR';

export type CopyAppInput = {
  /** The base to copy. */
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The Drive folder to put it in (default: the root of the caller's space). */
  folderToken?: InputMaybe<Scalars['String']['input']>;
  /** At most 255 characters. Default: the source's name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** IANA time zone, e.g. Asia/Shanghai. Default: the source's. */
  timeZone?: InputMaybe<Scalars['String']['input']>;
  /** Copy the structure without the records. */
  withoutContent?: InputMaybe<Scalars['Boolean']['input']>;
};

export type CopyDashboardInput = {
  appToken: Scalars['String']['input'];
  /** The dashboard to copy. */
  blockId: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The copy's name: at most 100 characters without [ or ]; unique among the base's dashboards. */
  name: Scalars['String']['input'];
};

export type CreateAppInput = {
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The Drive folder to put it in (default: the root of the caller's space). */
  folderToken?: InputMaybe<Scalars['String']['input']>;
  /** At most 255 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** IANA time zone, e.g. Asia/Shanghai. */
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

export type CreateFeedGroupInput = {
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  name: Scalars['String']['input'];
  /** For RULE groups (required there): Feishu's rules object {"rules": [{"condition": {"match_type", "condition_items": [{"type", "operator", "keyword" | "user_id" (open_id) | "chat_type"}]}, "action"}]}, or just its array. */
  rules?: InputMaybe<Scalars['JSON']['input']>;
  /** Default: RULE when rules are given, else NORMAL. */
  type?: InputMaybe<FeedGroupType>;
};

export type CreateFieldInput = {
  appToken: Scalars['String']['input'];
  /** The field's description text (in updateField, null clears it). */
  description?: InputMaybe<Scalars['String']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Makes the create safe to repeat: the same key on the same table creates the field once (Feishu keeps client tokens for an hour). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** Feishu's property for the type (seed A05), e.g. {"options":[{"name":"A","color":0}]} for a select, {"formatter":"0.00"} for a number, {"table_id":"tbl…"} for a link. */
  property?: InputMaybe<Scalars['JSON']['input']>;
  tableId: Scalars['String']['input'];
  type: FieldType;
  /** Feishu's finer presentation of the type (ui_type: Email, Currency, Progress, Rating, Barcode, …). */
  uiType?: InputMaybe<Scalars['String']['input']>;
};

export type CreateRecordInput = {
  appToken: Scalars['String']['input'];
  /** Let Feishu add select options the values name but the field lacks (refused otherwise). */
  createMissingOptions?: InputMaybe<Scalars['Boolean']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Feishu write shapes keyed by field name: text "…", number 1.5, single select "Option", multi select ["A","B"], date 1767225600000 (ms), checkbox true, person [{"id":"ou_…"}], phone "…", url {"text","link"}, attachment [{"file_token":"…"}], link ["rec…"], location "lng,lat", group [{"id":"oc_…"}]; null clears a cell. */
  fields: Scalars['JSON']['input'];
  /** Makes the create safe to repeat: the same key on the same table creates nothing twice (Feishu keeps client tokens for an hour). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  tableId: Scalars['String']['input'];
};

export type CreateRecordsInput = {
  appToken: Scalars['String']['input'];
  /** Let Feishu add select options the values name but the field lacks (refused otherwise). */
  createMissingOptions?: InputMaybe<Scalars['Boolean']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Makes the create safe to repeat: the same key on the same table creates nothing twice (Feishu keeps client tokens for an hour). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  records: Array<RecordFieldsInput>;
  tableId: Scalars['String']['input'];
};

export type CreateRoleInput = {
  appToken: Scalars['String']['input'];
  /** Replaces every block permission (at most 100). */
  blockRoles?: InputMaybe<Array<BlockRoleInput>>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Feishu's role body as is (role_name, table_roles, block_roles in snake_case, seed A42). roleName, tableRoles and blockRoles, when given, replace its keys. */
  raw?: InputMaybe<Scalars['JSON']['input']>;
  roleName?: InputMaybe<Scalars['String']['input']>;
  /** Replaces every table permission (at most 100); a table left out gets none. */
  tableRoles?: InputMaybe<Array<TableRoleInput>>;
};

export type CreateTableInput = {
  appToken: Scalars['String']['input'];
  /** Name of the grid view made with the table (default: Feishu's). */
  defaultViewName?: InputMaybe<Scalars['String']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** 1-100 characters, none of [ ] : \ / ? * (trimmed); unique in the base. */
  name: Scalars['String']['input'];
};

export type CreateTablesInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** 1 to 300 distinct table names (a base holds at most 300 tables); each as CreateTableInput.name. */
  names: Array<Scalars['String']['input']>;
};

export type CreateViewInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** 1-100 characters without [ or ] (trimmed); unique in the table. */
  name: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  /** Default GRID. */
  type?: InputMaybe<ViewType>;
};

export type DeleteFeedGroupInput = {
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  groupId: Scalars['String']['input'];
};

export type DeleteFieldInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  fieldId: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
};

export type DeleteRecordInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  recordId: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
};

export type DeleteRecordsInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  recordIds: Array<Scalars['String']['input']>;
  tableId: Scalars['String']['input'];
};

export type DeleteRoleInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  roleId: Scalars['String']['input'];
};

export type DeleteTableInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  tableId: Scalars['String']['input'];
};

export type DeleteTablesInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** 1 to 300 distinct table ids. */
  tableIds: Array<Scalars['String']['input']>;
};

export type DeleteTaskAttachmentInput = {
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  guid: Scalars['String']['input'];
};

export type DeleteViewInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  tableId: Scalars['String']['input'];
  viewId: Scalars['String']['input'];
};

export type EditMessageInput = {
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  messageId: Scalars['String']['input'];
  /** msg_type post: {"zh_cn":{"title","content":[[{"tag":"text","text":"…"}, …]]}}; an unwrapped {"title","content"} is sent as zh_cn. */
  post?: InputMaybe<Scalars['JSON']['input']>;
  /** msg_type text. Mention with <at user_id="ou_…">Name</at> (<at user_id="all"></at> for everyone); \n for new lines. */
  text?: InputMaybe<Scalars['String']['input']>;
};

export type FeedChatType =
  | 'ANY'
  /** A chat with a bot. */
  | 'BOT'
  /** A chat with people of other tenants. */
  | 'CROSS_TENANT'
  /** A flagged chat. */
  | 'FLAG'
  | 'GROUP'
  | 'HELPDESK'
  /** A muted chat. */
  | 'MUTE'
  | 'P2P'
  /** A topic group. */
  | 'THREAD_GROUP';

export type FeedGroupConditionOperator =
  | 'CONTAIN'
  | 'IS'
  | 'IS_NOT'
  | 'NOT_CONTAIN';

export type FeedGroupConditionType =
  /** Whether `user` is in the chat. */
  | 'CHATTER'
  /** The kind of chat, `chatType`. */
  | 'CHAT_TYPE'
  /** The chat's name (a p2p chat: the other person's) against `keyword`. */
  | 'KEYWORD';

export type FeedGroupMatchType =
  /** Every condition must hold. */
  | 'MATCH_ALL'
  /** One condition is enough. */
  | 'MATCH_ANY';

export type FeedGroupRuleAction =
  /** A chat the conditions match goes in. */
  | 'ADD'
  /** A chat the conditions match goes out. */
  | 'REMOVE';

export type FeedGroupType =
  /** Holds the chats put in it (addFeedGroupItems). */
  | 'NORMAL'
  /** Holds the chats its rules select. */
  | 'RULE';

export type FeedItemType =
  /** A chat (oc_…). */
  | 'CHAT';

export type FieldChangeAction =
  | 'FIELD_ADDED'
  | 'FIELD_DELETED'
  | 'FIELD_EDITED';

/** A Bitable field type (Feishu codes 1 2 3 4 5 7 11 13 15 17 18 19 20 21 22 23 1001-1005). */
export type FieldType =
  /** Feishu type 17 */
  | 'ATTACHMENT'
  /** Feishu type 1005 */
  | 'AUTO_NUMBER'
  /** Feishu type 7 */
  | 'CHECKBOX'
  /** Feishu type 1001 */
  | 'CREATED_TIME'
  /** Feishu type 1003 */
  | 'CREATED_USER'
  /** Feishu type 5 */
  | 'DATE_TIME'
  /** Feishu type 21 */
  | 'DUPLEX_LINK'
  /** Feishu type 20 */
  | 'FORMULA'
  /** Feishu type 23 */
  | 'GROUP_CHAT'
  /** Feishu type 18 */
  | 'LINK'
  /** Feishu type 22 */
  | 'LOCATION'
  /** Feishu type 19 */
  | 'LOOKUP'
  /** Feishu type 1002 */
  | 'MODIFIED_TIME'
  /** Feishu type 1004 */
  | 'MODIFIED_USER'
  /** Feishu type 4 */
  | 'MULTI_SELECT'
  /** Feishu type 2 */
  | 'NUMBER'
  /** Feishu type 13 */
  | 'PHONE'
  /** Feishu type 3 */
  | 'SINGLE_SELECT'
  /** Feishu type 1 */
  | 'TEXT'
  /** Feishu type 15 */
  | 'URL'
  /** Feishu type 11 */
  | 'USER';

export type FilterOperator =
  | 'CONTAINS'
  | 'DOES_NOT_CONTAIN'
  | 'IS'
  | 'IS_EMPTY'
  | 'IS_GREATER'
  | 'IS_GREATER_EQUAL'
  | 'IS_LESS'
  | 'IS_LESS_EQUAL'
  | 'IS_NOT'
  | 'IS_NOT_EMPTY';

/** Who may fill in a shared form: only invited people, anyone in the tenant with the link, anyone with the link. */
export type FormSharedLimit =
  | 'ANYONE_EDITABLE'
  | 'OFF'
  | 'TENANT_EDITABLE';

/** A message in Feishu's own terms, for types without a field of their own (audio, media, sticker, ...). */
export type MessageRawInput = {
  /** The content JSON string in the send format, e.g. {"file_key":"file_…"}. */
  content: Scalars['String']['input'];
  /** Feishu msg_type, e.g. audio, media, sticker. */
  msgType: Scalars['String']['input'];
};

export type RecallMessageInput = {
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  messageId: Scalars['String']['input'];
};

/** What receiveId names. */
export type ReceiveIdType =
  /** A chat the sender is in. */
  | 'CHAT_ID'
  | 'EMAIL'
  /** A user (their p2p chat with the sender). */
  | 'OPEN_ID'
  | 'UNION_ID'
  | 'USER_ID';

export type RecordChangeAction =
  | 'RECORD_ADDED'
  | 'RECORD_DELETED'
  | 'RECORD_EDITED';

export type RecordConditionInput = {
  /** A field name. */
  field: Scalars['String']['input'];
  operator: FilterOperator;
  /** Feishu's condition value (dates: ["ExactDate", "<ms>"], ["Today"], ...). */
  value?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type RecordFieldsInput = {
  /** Feishu write shapes keyed by field name: text "…", number 1.5, single select "Option", multi select ["A","B"], date 1767225600000 (ms), checkbox true, person [{"id":"ou_…"}], phone "…", url {"text","link"}, attachment [{"file_token":"…"}], link ["rec…"], location "lng,lat", group [{"id":"oc_…"}]; null clears a cell. */
  fields: Scalars['JSON']['input'];
};

/** A search filter: conditions joined by the conjunction, with nested groups in children. */
export type RecordFilterInput = {
  children?: InputMaybe<Array<RecordFilterInput>>;
  conditions: Array<RecordConditionInput>;
  conjunction: Conjunction;
};

export type RecordSortInput = {
  desc?: InputMaybe<Scalars['Boolean']['input']>;
  field: Scalars['String']['input'];
};

export type RecordUpdateInput = {
  /** Only the fields to change; null clears one. */
  fields: Scalars['JSON']['input'];
  recordId: Scalars['String']['input'];
};

export type RemoveFeedGroupItemsInput = {
  /** 1 to 50 distinct chat ids (oc_…). */
  chatIds: Array<Scalars['String']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  groupId: Scalars['String']['input'];
};

export type RemoveRoleMembersInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  members: Array<RoleMemberInput>;
  roleId: Scalars['String']['input'];
};

export type ReplyMessageInput = {
  /** msg_type interactive: the card JSON (v1 elements, v2 {"schema":"2.0"}, or {"type":"template","data":{…}}). Set config.update_multi to true to update it later. */
  card?: InputMaybe<Scalars['JSON']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** msg_type file: a file_key (file_…) from Feishu's file upload. */
  file?: InputMaybe<Scalars['String']['input']>;
  /** msg_type image: an image_key (img_…) from Feishu's image upload. */
  image?: InputMaybe<Scalars['String']['input']>;
  /** The message to reply to. */
  messageId: Scalars['String']['input'];
  /** msg_type post: {"zh_cn":{"title","content":[[{"tag":"text","text":"…"}, …]]}}; an unwrapped {"title","content"} is sent as zh_cn. */
  post?: InputMaybe<Scalars['JSON']['input']>;
  /** Any other msg_type, content as Feishu takes it. */
  raw?: InputMaybe<MessageRawInput>;
  /** Reply in a thread: the message becomes (or stays in) a thread's root. */
  replyInThread?: InputMaybe<Scalars['Boolean']['input']>;
  /** msg_type share_chat: the chat_id of the group to share. */
  shareChat?: InputMaybe<Scalars['String']['input']>;
  /** msg_type share_user: the open_id of the user to share. */
  shareUser?: InputMaybe<Scalars['String']['input']>;
  /** msg_type text. Mention with <at user_id="ou_…">Name</at> (<at user_id="all"></at> for everyone); \n for new lines. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Up to 50 characters: the same uuid within an hour sends once (the first message is answered again). Default: a random one. */
  uuid?: InputMaybe<Scalars['String']['input']>;
};

/** What kind of id names a role member (Feishu member_list type). */
export type RoleMemberIdType =
  /** chat_id */
  | 'CHAT_ID'
  /** department_id */
  | 'DEPARTMENT_ID'
  /** open_department_id */
  | 'OPEN_DEPARTMENT_ID'
  /** open_id */
  | 'OPEN_ID'
  /** union_id */
  | 'UNION_ID'
  /** user_id */
  | 'USER_ID';

/** A user, group chat or department, by one of its ids. */
export type RoleMemberInput = {
  id: Scalars['String']['input'];
  /** Default OPEN_ID. */
  type?: InputMaybe<RoleMemberIdType>;
};

/** What a role member is (Feishu member_type). */
export type RoleMemberType =
  | 'CHAT'
  | 'DEPARTMENT'
  | 'USER';

export type SendMessageInput = {
  /** msg_type interactive: the card JSON (v1 elements, v2 {"schema":"2.0"}, or {"type":"template","data":{…}}). Set config.update_multi to true to update it later. */
  card?: InputMaybe<Scalars['JSON']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** msg_type file: a file_key (file_…) from Feishu's file upload. */
  file?: InputMaybe<Scalars['String']['input']>;
  /** msg_type image: an image_key (img_…) from Feishu's image upload. */
  image?: InputMaybe<Scalars['String']['input']>;
  /** msg_type post: {"zh_cn":{"title","content":[[{"tag":"text","text":"…"}, …]]}}; an unwrapped {"title","content"} is sent as zh_cn. */
  post?: InputMaybe<Scalars['JSON']['input']>;
  /** Any other msg_type, content as Feishu takes it. */
  raw?: InputMaybe<MessageRawInput>;
  receiveId: Scalars['String']['input'];
  receiveIdType: ReceiveIdType;
  /** msg_type share_chat: the chat_id of the group to share. */
  shareChat?: InputMaybe<Scalars['String']['input']>;
  /** msg_type share_user: the open_id of the user to share. */
  shareUser?: InputMaybe<Scalars['String']['input']>;
  /** msg_type text. Mention with <at user_id="ou_…">Name</at> (<at user_id="all"></at> for everyone); \n for new lines. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Up to 50 characters: the same uuid within an hour sends once (the first message is answered again). Default: a random one. */
  uuid?: InputMaybe<Scalars['String']['input']>;
};

export type SortOrder =
  /** Oldest first (Feishu's default). */
  | 'ASC'
  /** Newest first. */
  | 'DESC';

/** A role's access to a table (Feishu's table_perm). */
export type TablePermission =
  /** 2: edit records. */
  | 'EDIT'
  /** 4: edit fields and records. */
  | 'MANAGE'
  /** 0: no access. */
  | 'NONE'
  /** 1: read. */
  | 'READ';

/** A role's permissions on one table (Feishu's table_roles entry); name the table by tableId or tableName. */
export type TableRoleInput = {
  /** EDIT only; Feishu defaults to true. */
  allowAddRecord?: InputMaybe<Scalars['Boolean']['input']>;
  /** EDIT only; Feishu defaults to true. */
  allowDeleteRecord?: InputMaybe<Scalars['Boolean']['input']>;
  /** Per field (EDIT only): {"<field name>": 1 read | 2 edit}. */
  fieldPerm?: InputMaybe<Scalars['JSON']['input']>;
  /** Which records (READ or EDIT only), as Feishu takes it: {conjunction: "and"|"or", conditions: [{field_name, operator, value}], other_perm: 0|1}. */
  recRule?: InputMaybe<Scalars['JSON']['input']>;
  tableId?: InputMaybe<Scalars['String']['input']>;
  tableName?: InputMaybe<Scalars['String']['input']>;
  tablePerm: TablePermission;
};

export type UpdateAppInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Advanced permissions (custom roles) on or off. */
  isAdvanced?: InputMaybe<Scalars['Boolean']['input']>;
  /** At most 100 characters, none of ? / \ * : [ ]. */
  name?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateCardInput = {
  /** The new card JSON (as SendMessageInput.card). */
  card: Scalars['JSON']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  messageId: Scalars['String']['input'];
};

export type UpdateFeedGroupInput = {
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  groupId: Scalars['String']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  /** RULE groups only: Feishu's rules object {"rules": [{"condition": {"match_type", "condition_items": [{"type", "operator", "keyword" | "user_id" (open_id) | "chat_type"}]}, "action"}]}, or just its array. */
  rules?: InputMaybe<Scalars['JSON']['input']>;
};

export type UpdateFieldInput = {
  appToken: Scalars['String']['input'];
  /** The field's description text (in updateField, null clears it). */
  description?: InputMaybe<Scalars['String']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  fieldId: Scalars['String']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  /** Feishu's property for the type (seed A05), e.g. {"options":[{"name":"A","color":0}]} for a select, {"formatter":"0.00"} for a number, {"table_id":"tbl…"} for a link. */
  property?: InputMaybe<Scalars['JSON']['input']>;
  tableId: Scalars['String']['input'];
  type?: InputMaybe<FieldType>;
  /** Feishu's finer presentation of the type (ui_type: Email, Currency, Progress, Rating, Barcode, …). */
  uiType?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateFormInput = {
  appToken: Scalars['String']['input'];
  /** Text shown under the title; "" clears it. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The form view's viewId. */
  formId: Scalars['String']['input'];
  /** The form's title. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Whether the form is shared by link. */
  shared?: InputMaybe<Scalars['Boolean']['input']>;
  sharedLimit?: InputMaybe<FormSharedLimit>;
  /** Whether each person may submit only once. */
  submitLimitOnce?: InputMaybe<Scalars['Boolean']['input']>;
  tableId: Scalars['String']['input'];
};

export type UpdateFormQuestionInput = {
  appToken: Scalars['String']['input'];
  /** "" clears it. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The question's field. */
  fieldId: Scalars['String']['input'];
  /** The form view's viewId. */
  formId: Scalars['String']['input'];
  /** Move the question after this field's question; "" moves it first. */
  preFieldId?: InputMaybe<Scalars['String']['input']>;
  required?: InputMaybe<Scalars['Boolean']['input']>;
  tableId: Scalars['String']['input'];
  title?: InputMaybe<Scalars['String']['input']>;
  /** false hides the question; Feishu then refuses changes to its title, description and required. */
  visible?: InputMaybe<Scalars['Boolean']['input']>;
};

export type UpdateRecordInput = {
  appToken: Scalars['String']['input'];
  /** Let Feishu add select options the values name but the field lacks (refused otherwise). */
  createMissingOptions?: InputMaybe<Scalars['Boolean']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Feishu write shapes keyed by field name: text "…", number 1.5, single select "Option", multi select ["A","B"], date 1767225600000 (ms), checkbox true, person [{"id":"ou_…"}], phone "…", url {"text","link"}, attachment [{"file_token":"…"}], link ["rec…"], location "lng,lat", group [{"id":"oc_…"}]; null clears a cell. */
  fields: Scalars['JSON']['input'];
  recordId: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
};

export type UpdateRecordsInput = {
  appToken: Scalars['String']['input'];
  /** Let Feishu add select options the values name but the field lacks (refused otherwise). */
  createMissingOptions?: InputMaybe<Scalars['Boolean']['input']>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  records: Array<RecordUpdateInput>;
  tableId: Scalars['String']['input'];
};

export type UpdateRoleInput = {
  appToken: Scalars['String']['input'];
  /** Replaces every block permission (at most 100). */
  blockRoles?: InputMaybe<Array<BlockRoleInput>>;
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Feishu's role body as is (role_name, table_roles, block_roles in snake_case, seed A42). roleName, tableRoles and blockRoles, when given, replace its keys. */
  raw?: InputMaybe<Scalars['JSON']['input']>;
  roleId: Scalars['String']['input'];
  roleName?: InputMaybe<Scalars['String']['input']>;
  /** Replaces every table permission (at most 100); a table left out gets none. */
  tableRoles?: InputMaybe<Array<TableRoleInput>>;
};

export type UpdateTableInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** As CreateTableInput.name. */
  name: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
};

export type UpdateViewInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** 1-100 characters without [ or ] (trimmed); unique in the table. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Feishu's view property: {"filter_info": {"conjunction": "and"|"or", "conditions": [{"field_id", "operator" (is, isNot, contains, doesNotContain, isEmpty, isNotEmpty, isGreater, isGreaterEqual, isLess, isLessEqual), "value": "[\"…\"]" or ["…"]}] (at most 50)} or null, "hidden_fields": [field ids] (at most 100) or null, "hierarchy_config": {"field_id"}}. */
  property?: InputMaybe<Scalars['JSON']['input']>;
  tableId: Scalars['String']['input'];
  viewId: Scalars['String']['input'];
};

export type UploadBitableAttachmentInput = {
  appToken: Scalars['String']['input'];
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  file: Scalars['File']['input'];
  /** The name to store (default: the uploaded file's name). */
  fileName?: InputMaybe<Scalars['String']['input']>;
  /** Default FILE. */
  kind?: InputMaybe<AttachmentKind>;
};

export type UploadTaskAttachmentsInput = {
  /** List the Feishu calls in plannedCalls instead of making them (reads that validate the input are still made). */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  files: Array<Scalars['File']['input']>;
  taskGuid: Scalars['String']['input'];
};

export type ViewType =
  | 'FORM'
  | 'GALLERY'
  | 'GANTT'
  | 'GRID'
  | 'KANBAN';

/** Who the request runs as. */
export type ViewerKind =
  /** The app itself (tenant token), authorised by a gateway API key. */
  | 'APP'
  /** A Feishu user, with the user_access_token the caller sent. */
  | 'USER';

export type WriteChunkStatus =
  /** Feishu applied the chunk. */
  | 'APPLIED'
  /** Feishu refused the chunk, or its outcome is unknown after the retries; see error. */
  | 'FAILED'
  /** Not sent because an earlier chunk failed. Send these items again (the same idempotencyKey makes creates safe to repeat). */
  | 'NOT_SENT';

export type AppWithTablesQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
}>;


export type AppWithTablesQuery = { __typename?: 'Query', app?: { __typename?: 'App', appToken?: string | null, name?: string | null, revision?: number | null, isAdvanced?: boolean | null, timeZone?: string | null, tables: { __typename?: 'TableConnection', totalCount?: number | null, edges?: Array<{ __typename?: 'TableEdge', node?: { __typename?: 'Table', tableId?: string | null, name?: string | null, revision?: number | null, app: { __typename?: 'App', appToken?: string | null } } | null }> | null } } | null };

export type AppTwiceQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
}>;


export type AppTwiceQuery = { __typename?: 'Query', a?: { __typename?: 'App', name?: string | null, revision?: number | null } | null, b?: { __typename?: 'App', isAdvanced?: boolean | null, timeZone?: string | null } | null };

export type AppNameQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
}>;


export type AppNameQuery = { __typename?: 'Query', app?: { __typename?: 'App', appToken?: string | null, name?: string | null } | null };

export type TablesPageQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TablesPageQuery = { __typename?: 'Query', app?: { __typename?: 'App', tables: { __typename?: 'TableConnection', totalCount?: number | null, pageInfo?: { __typename?: 'PageInfo', hasNextPage: boolean } | null, edges?: Array<{ __typename?: 'TableEdge', node?: { __typename?: 'Table', tableId?: string | null } | null }> | null } } | null };

export type TableNameQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
}>;


export type TableNameQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', tableId?: string | null, name?: string | null } | null } | null };

export type TableShapeQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  viewId: Scalars['String']['input'];
}>;


export type TableShapeQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', tableId?: string | null, name?: string | null, fields: { __typename?: 'FieldConnection', totalCount?: number | null, edges?: Array<{ __typename?: 'FieldEdge', node?: { __typename?: 'Field', fieldId?: string | null, name?: string | null, type: FieldType, isPrimary?: boolean | null } | null }> | null }, byName?: { __typename?: 'Field', fieldId?: string | null, type: FieldType, property?: unknown | null, linkedTable?: { __typename?: 'Table', tableId?: string | null, name?: string | null } | null } | null, status?: { __typename?: 'Field', options: Array<{ __typename?: 'SelectOption', id?: string | null, name?: string | null, color?: number | null }> } | null, views: { __typename?: 'ViewConnection', edges?: Array<{ __typename?: 'ViewEdge', node?: { __typename?: 'View', viewId?: string | null, name?: string | null, type: ViewType } | null }> | null }, view?: { __typename?: 'View', name?: string | null, type: ViewType, property?: unknown | null } | null } | null } | null };

export type TableFieldQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  fieldId?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type TableFieldQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', field?: { __typename?: 'Field', fieldId?: string | null, name?: string | null } | null } | null } | null };

export type FieldsCountQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type FieldsCountQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', fields: { __typename?: 'FieldConnection', totalCount?: number | null } } | null } | null };

export type ViewsCountQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ViewsCountQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', views: { __typename?: 'ViewConnection', totalCount?: number | null } } | null } | null };

export type CellTypesQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  launches: Scalars['String']['input'];
  team: Scalars['String']['input'];
}>;


export type CellTypesQuery = { __typename?: 'Query', app?: { __typename?: 'App', launches?: { __typename?: 'Table', records: { __typename?: 'RecordConnection', edges?: Array<{ __typename?: 'RecordEdge', node?: { __typename?: 'Record', cells: Array<
              | { __typename: 'AttachmentCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'AutoNumberCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'CheckboxCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'CreatedTimeCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'CreatedUserCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'DateTimeCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'FormulaCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'GroupChatCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'LinkCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'LocationCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'LookupCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'ModifiedTimeCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'ModifiedUserCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'MultiSelectCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'NumberCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'PhoneCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'SingleSelectCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'TextCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'UnknownCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'UrlCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'UserCell', field: { __typename?: 'Field', name?: string | null } }
            > } | null }> | null } } | null, team?: { __typename?: 'Table', records: { __typename?: 'RecordConnection', edges?: Array<{ __typename?: 'RecordEdge', node?: { __typename?: 'Record', cells: Array<
              | { __typename: 'AttachmentCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'AutoNumberCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'CheckboxCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'CreatedTimeCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'CreatedUserCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'DateTimeCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'FormulaCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'GroupChatCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'LinkCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'LocationCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'LookupCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'ModifiedTimeCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'ModifiedUserCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'MultiSelectCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'NumberCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'PhoneCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'SingleSelectCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'TextCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'UnknownCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'UrlCell', field: { __typename?: 'Field', name?: string | null } }
              | { __typename: 'UserCell', field: { __typename?: 'Field', name?: string | null } }
            > } | null }> | null } } | null } | null };

export type TeamMemberCellsQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
}>;


export type TeamMemberCellsQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', records: { __typename?: 'RecordConnection', edges?: Array<{ __typename?: 'RecordEdge', node?: { __typename?: 'Record', recordId?: string | null, name?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell', text?: string | null }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, title?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell', option?: { __typename?: 'SelectOption', name?: string | null, color?: number | null } | null }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, skills?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell', options?: Array<{ __typename?: 'SelectOption', name?: string | null }> | null }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, person?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell', users: Array<{ __typename?: 'User', openId?: string | null, name?: string | null, email?: string | null }> }
             | null, phone?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell', phone?: string | null }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, profile?:
              | { __typename?: 'AttachmentCell' }
              | { __typename?: 'AutoNumberCell' }
              | { __typename?: 'CheckboxCell' }
              | { __typename?: 'CreatedTimeCell' }
              | { __typename?: 'CreatedUserCell' }
              | { __typename?: 'DateTimeCell' }
              | { __typename?: 'FormulaCell' }
              | { __typename?: 'GroupChatCell' }
              | { __typename?: 'LinkCell' }
              | { __typename?: 'LocationCell' }
              | { __typename?: 'LookupCell' }
              | { __typename?: 'ModifiedTimeCell' }
              | { __typename?: 'ModifiedUserCell' }
              | { __typename?: 'MultiSelectCell' }
              | { __typename?: 'NumberCell' }
              | { __typename?: 'PhoneCell' }
              | { __typename?: 'SingleSelectCell' }
              | { __typename?: 'TextCell' }
              | { __typename?: 'UnknownCell' }
              | { __typename?: 'UrlCell', text?: string | null, link?: string | null }
              | { __typename?: 'UserCell' }
             | null, office?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell', location?: string | null, city?: string | null, fullAddress?: string | null }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, chat?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell', chats?: Array<{ __typename?: 'GroupChatRef', chatId?: string | null, name?: string | null }> | null }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, capacity?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell', number?: number | null }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, active?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell', checked?: boolean | null }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, joined?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell', dateTime?: string | null }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, avatar?:
              | { __typename: 'AttachmentCell', attachments: Array<{ __typename?: 'BitableAttachment', fileToken?: string | null, name?: string | null, mimeType?: string | null, size?: number | null, url?: string | null, temporaryUrl?: string | null }> }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, id?:
              | { __typename?: 'AttachmentCell', value?: unknown | null }
              | { __typename?: 'AutoNumberCell', text?: string | null, value?: unknown | null }
              | { __typename?: 'CheckboxCell', value?: unknown | null }
              | { __typename?: 'CreatedTimeCell', value?: unknown | null }
              | { __typename?: 'CreatedUserCell', value?: unknown | null }
              | { __typename?: 'DateTimeCell', value?: unknown | null }
              | { __typename?: 'FormulaCell', value?: unknown | null }
              | { __typename?: 'GroupChatCell', value?: unknown | null }
              | { __typename?: 'LinkCell', value?: unknown | null }
              | { __typename?: 'LocationCell', value?: unknown | null }
              | { __typename?: 'LookupCell', value?: unknown | null }
              | { __typename?: 'ModifiedTimeCell', value?: unknown | null }
              | { __typename?: 'ModifiedUserCell', value?: unknown | null }
              | { __typename?: 'MultiSelectCell', value?: unknown | null }
              | { __typename?: 'NumberCell', value?: unknown | null }
              | { __typename?: 'PhoneCell', value?: unknown | null }
              | { __typename?: 'SingleSelectCell', value?: unknown | null }
              | { __typename?: 'TextCell', value?: unknown | null }
              | { __typename?: 'UnknownCell', value?: unknown | null }
              | { __typename?: 'UrlCell', value?: unknown | null }
              | { __typename?: 'UserCell', value?: unknown | null }
             | null } | null }> | null } } | null } | null };

export type TaskLinksQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
}>;


export type TaskLinksQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', records: { __typename?: 'RecordConnection', edges?: Array<{ __typename?: 'RecordEdge', node?: { __typename?: 'Record', recordId?: string | null, createdTime?: string | null, createdBy?: { __typename?: 'User', name?: string | null, unionId?: string | null } | null, launch?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell', recordIds?: Array<string> | null, linkedTable?: { __typename?: 'Table', tableId?: string | null } | null, records: Array<{ __typename?: 'Record', recordId?: string | null, table: { __typename?: 'Table', tableId?: string | null }, cell?:
                    | { __typename?: 'AttachmentCell' }
                    | { __typename?: 'AutoNumberCell' }
                    | { __typename?: 'CheckboxCell' }
                    | { __typename?: 'CreatedTimeCell' }
                    | { __typename?: 'CreatedUserCell' }
                    | { __typename?: 'DateTimeCell' }
                    | { __typename?: 'FormulaCell' }
                    | { __typename?: 'GroupChatCell' }
                    | { __typename?: 'LinkCell' }
                    | { __typename?: 'LocationCell' }
                    | { __typename?: 'LookupCell' }
                    | { __typename?: 'ModifiedTimeCell' }
                    | { __typename?: 'ModifiedUserCell' }
                    | { __typename?: 'MultiSelectCell' }
                    | { __typename?: 'NumberCell' }
                    | { __typename?: 'PhoneCell' }
                    | { __typename?: 'SingleSelectCell' }
                    | { __typename?: 'TextCell', text?: string | null }
                    | { __typename?: 'UnknownCell' }
                    | { __typename?: 'UrlCell' }
                    | { __typename?: 'UserCell' }
                   | null }> }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell' }
             | null, assignee?:
              | { __typename: 'AttachmentCell' }
              | { __typename: 'AutoNumberCell' }
              | { __typename: 'CheckboxCell' }
              | { __typename: 'CreatedTimeCell' }
              | { __typename: 'CreatedUserCell' }
              | { __typename: 'DateTimeCell' }
              | { __typename: 'FormulaCell' }
              | { __typename: 'GroupChatCell' }
              | { __typename: 'LinkCell' }
              | { __typename: 'LocationCell' }
              | { __typename: 'LookupCell' }
              | { __typename: 'ModifiedTimeCell' }
              | { __typename: 'ModifiedUserCell' }
              | { __typename: 'MultiSelectCell' }
              | { __typename: 'NumberCell' }
              | { __typename: 'PhoneCell' }
              | { __typename: 'SingleSelectCell' }
              | { __typename: 'TextCell' }
              | { __typename: 'UnknownCell' }
              | { __typename: 'UrlCell' }
              | { __typename: 'UserCell', users: Array<{ __typename?: 'User', name?: string | null, unionId?: string | null, userId?: string | null }> }
             | null } | null }> | null } } | null } | null };

export type RecordWithCellsQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  recordId: Scalars['String']['input'];
}>;


export type RecordWithCellsQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', record?: { __typename?: 'Record', recordId?: string | null, fields: unknown, cells: Array<
          | { __typename?: 'AttachmentCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'AutoNumberCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'CheckboxCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'CreatedTimeCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'CreatedUserCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'DateTimeCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'FormulaCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'GroupChatCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'LinkCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'LocationCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'LookupCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'ModifiedTimeCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'ModifiedUserCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'MultiSelectCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'NumberCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'PhoneCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'SingleSelectCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'TextCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'UnknownCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'UrlCell', field: { __typename?: 'Field', name?: string | null } }
          | { __typename?: 'UserCell', field: { __typename?: 'Field', name?: string | null } }
        > } | null } | null } | null };

export type RecordFieldsQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  recordId: Scalars['String']['input'];
}>;


export type RecordFieldsQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', record?: { __typename?: 'Record', recordId?: string | null, fields: unknown } | null } | null } | null };

export type GlobalIdsQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  fieldName: Scalars['String']['input'];
  viewId: Scalars['String']['input'];
}>;


export type GlobalIdsQuery = { __typename?: 'Query', app?: { __typename?: 'App', id: string, table?: { __typename?: 'Table', id: string, field?: { __typename?: 'Field', id: string } | null, view?: { __typename?: 'View', id: string } | null, records: { __typename?: 'RecordConnection', edges?: Array<{ __typename?: 'RecordEdge', node?: { __typename?: 'Record', id: string, recordId?: string | null, createdBy?: { __typename?: 'User', id: string, openId?: string | null } | null } | null }> | null } } | null } | null };

export type NodesQueryVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type NodesQuery = { __typename?: 'Query', nodes: Array<
    | { __typename: 'App', name?: string | null, id: string }
    | { __typename: 'Chat', id: string }
    | { __typename: 'Dashboard', id: string }
    | { __typename: 'FeedGroup', id: string }
    | { __typename: 'Field', name?: string | null, id: string }
    | { __typename: 'Message', id: string }
    | { __typename: 'Record', recordId?: string | null, id: string }
    | { __typename: 'Role', id: string }
    | { __typename: 'Table', name?: string | null, id: string }
    | { __typename: 'TaskAttachment', id: string }
    | { __typename: 'User', name?: string | null, id: string }
    | { __typename: 'View', name?: string | null, id: string }
   | null> };

export type RecordNodeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RecordNodeQuery = { __typename?: 'Query', node?:
    | { __typename: 'App' }
    | { __typename: 'Chat' }
    | { __typename: 'Dashboard' }
    | { __typename: 'FeedGroup' }
    | { __typename: 'Field' }
    | { __typename: 'Message' }
    | { __typename: 'Record', fields: unknown }
    | { __typename: 'Role' }
    | { __typename: 'Table' }
    | { __typename: 'TaskAttachment' }
    | { __typename: 'User' }
    | { __typename: 'View' }
   | null };

export type UserByOpenIdQueryVariables = Exact<{
  openId: Scalars['String']['input'];
}>;


export type UserByOpenIdQuery = { __typename?: 'Query', user?: { __typename?: 'User', openId?: string | null, name?: string | null, unionId?: string | null } | null };

export type RecordsPageQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type RecordsPageQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', records: { __typename?: 'RecordConnection', totalCount?: number | null, pageInfo?: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } | null, edges?: Array<{ __typename?: 'RecordEdge', cursor?: string | null, node?: { __typename?: 'Record', recordId?: string | null } | null }> | null } } | null } | null };

export type RecordsCountQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<Scalars['String']['input']>;
  where?: InputMaybe<RecordFilterInput>;
}>;


export type RecordsCountQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', records: { __typename?: 'RecordConnection', totalCount?: number | null } } | null } | null };

export type RecordsWithFieldsQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  filter?: InputMaybe<Scalars['String']['input']>;
  where?: InputMaybe<RecordFilterInput>;
  sort?: InputMaybe<Array<RecordSortInput> | RecordSortInput>;
}>;


export type RecordsWithFieldsQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', records: { __typename?: 'RecordConnection', totalCount?: number | null, edges?: Array<{ __typename?: 'RecordEdge', node?: { __typename?: 'Record', recordId?: string | null, fields: unknown } | null }> | null } } | null } | null };

export type RecordCellQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  field: Scalars['String']['input'];
}>;


export type RecordCellQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', records: { __typename?: 'RecordConnection', edges?: Array<{ __typename?: 'RecordEdge', node?: { __typename?: 'Record', cell?:
              | { __typename?: 'AttachmentCell', value?: unknown | null }
              | { __typename?: 'AutoNumberCell', value?: unknown | null }
              | { __typename?: 'CheckboxCell', value?: unknown | null }
              | { __typename?: 'CreatedTimeCell', value?: unknown | null }
              | { __typename?: 'CreatedUserCell', value?: unknown | null }
              | { __typename?: 'DateTimeCell', value?: unknown | null }
              | { __typename?: 'FormulaCell', value?: unknown | null }
              | { __typename?: 'GroupChatCell', value?: unknown | null }
              | { __typename?: 'LinkCell', value?: unknown | null }
              | { __typename?: 'LocationCell', value?: unknown | null }
              | { __typename?: 'LookupCell', value?: unknown | null }
              | { __typename?: 'ModifiedTimeCell', value?: unknown | null }
              | { __typename?: 'ModifiedUserCell', value?: unknown | null }
              | { __typename?: 'MultiSelectCell', value?: unknown | null }
              | { __typename?: 'NumberCell', value?: unknown | null }
              | { __typename?: 'PhoneCell', value?: unknown | null }
              | { __typename?: 'SingleSelectCell', value?: unknown | null }
              | { __typename?: 'TextCell', value?: unknown | null }
              | { __typename?: 'UnknownCell', value?: unknown | null }
              | { __typename?: 'UrlCell', value?: unknown | null }
              | { __typename?: 'UserCell', value?: unknown | null }
             | null } | null }> | null } } | null } | null };

export type ViewRecordsQueryVariables = Exact<{
  appToken: Scalars['String']['input'];
  tableId: Scalars['String']['input'];
  viewId: Scalars['String']['input'];
}>;


export type ViewRecordsQuery = { __typename?: 'Query', app?: { __typename?: 'App', table?: { __typename?: 'Table', view?: { __typename?: 'View', records: { __typename?: 'RecordConnection', edges?: Array<{ __typename?: 'RecordEdge', node?: { __typename?: 'Record', fields: unknown } | null }> | null } } | null } | null } | null };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { __typename?: 'Query', viewer: { __typename?: 'Viewer', kind: ViewerKind, appId?: string | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const AppWithTablesDocument = new TypedDocumentString(`
    query AppWithTables($appToken: String!) {
  app(appToken: $appToken) {
    appToken
    name
    revision
    isAdvanced
    timeZone
    tables(first: 10) {
      totalCount
      edges {
        node {
          tableId
          name
          revision
          app {
            appToken
          }
        }
      }
    }
  }
}
    `, {"hash":"96f3dc9f9656880cf0a936e57846c729e9f5a345cb3321d1e416459ac0c4a6b1"}) as unknown as TypedDocumentString<AppWithTablesQuery, AppWithTablesQueryVariables>;
export const AppTwiceDocument = new TypedDocumentString(`
    query AppTwice($appToken: String!) {
  a: app(appToken: $appToken) {
    name
    revision
  }
  b: app(appToken: $appToken) {
    isAdvanced
    timeZone
  }
}
    `, {"hash":"0c8e293bfe40dba9c684c359d7b8d64bad3b45986444e99175dd63ab5836d9a3"}) as unknown as TypedDocumentString<AppTwiceQuery, AppTwiceQueryVariables>;
export const AppNameDocument = new TypedDocumentString(`
    query AppName($appToken: String!) {
  app(appToken: $appToken) {
    appToken
    name
  }
}
    `, {"hash":"7c6772abeab82334b28b953cced47d1ef9bf6a6b641664863bec808278307b1d"}) as unknown as TypedDocumentString<AppNameQuery, AppNameQueryVariables>;
export const TablesPageDocument = new TypedDocumentString(`
    query TablesPage($appToken: String!, $first: Int) {
  app(appToken: $appToken) {
    tables(first: $first) {
      totalCount
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          tableId
        }
      }
    }
  }
}
    `, {"hash":"5c871bc3bd585c47cfc6b115eb0421ec2bd890a466dafc3ecdc73c9c874e250c"}) as unknown as TypedDocumentString<TablesPageQuery, TablesPageQueryVariables>;
export const TableNameDocument = new TypedDocumentString(`
    query TableName($appToken: String!, $tableId: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      tableId
      name
    }
  }
}
    `, {"hash":"afc4fdc4a8e29c9e50e4f181e7bff4ff5071c450261f4c002c203a43580f6d84"}) as unknown as TypedDocumentString<TableNameQuery, TableNameQueryVariables>;
export const TableShapeDocument = new TypedDocumentString(`
    query TableShape($appToken: String!, $tableId: String!, $viewId: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      tableId
      name
      fields(first: 100) {
        totalCount
        edges {
          node {
            fieldId
            name
            type
            isPrimary
          }
        }
      }
      byName: field(name: "Launch") {
        fieldId
        type
        property
        linkedTable {
          tableId
          name
        }
      }
      status: field(name: "Status") {
        options {
          id
          name
          color
        }
      }
      views {
        edges {
          node {
            viewId
            name
            type
          }
        }
      }
      view(viewId: $viewId) {
        name
        type
        property
      }
    }
  }
}
    `, {"hash":"4746142dbb059bc0299c16d94e38d1494d9e900d4f73dbc23cda5e15c3a91738"}) as unknown as TypedDocumentString<TableShapeQuery, TableShapeQueryVariables>;
export const TableFieldDocument = new TypedDocumentString(`
    query TableField($appToken: String!, $tableId: String!, $fieldId: String, $name: String) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      field(fieldId: $fieldId, name: $name) {
        fieldId
        name
      }
    }
  }
}
    `, {"hash":"74424adfad375fd61e2ff0417b4e3144ec85113b03c198f6d9e1a8cdce6385f7"}) as unknown as TypedDocumentString<TableFieldQuery, TableFieldQueryVariables>;
export const FieldsCountDocument = new TypedDocumentString(`
    query FieldsCount($appToken: String!, $tableId: String!, $first: Int) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      fields(first: $first) {
        totalCount
      }
    }
  }
}
    `, {"hash":"09835511ca5db41822f83d38edec306b39104f1f585f7a55c64fb9428612db91"}) as unknown as TypedDocumentString<FieldsCountQuery, FieldsCountQueryVariables>;
export const ViewsCountDocument = new TypedDocumentString(`
    query ViewsCount($appToken: String!, $tableId: String!, $first: Int) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      views(first: $first) {
        totalCount
      }
    }
  }
}
    `, {"hash":"8c32166ed079626e8db41d59ac83a17a94f1208fe4f6b4fb2f76dc2f062e8ee2"}) as unknown as TypedDocumentString<ViewsCountQuery, ViewsCountQueryVariables>;
export const CellTypesDocument = new TypedDocumentString(`
    query CellTypes($appToken: String!, $launches: String!, $team: String!) {
  app(appToken: $appToken) {
    launches: table(tableId: $launches) {
      records(first: 1) {
        edges {
          node {
            cells {
              __typename
              field {
                name
              }
            }
          }
        }
      }
    }
    team: table(tableId: $team) {
      records(first: 1) {
        edges {
          node {
            cells {
              __typename
              field {
                name
              }
            }
          }
        }
      }
    }
  }
}
    `, {"hash":"685de9d008d7ff9b3dc7920496a6b1002883bf3d86c139791cf0491220323ac0"}) as unknown as TypedDocumentString<CellTypesQuery, CellTypesQueryVariables>;
export const TeamMemberCellsDocument = new TypedDocumentString(`
    query TeamMemberCells($appToken: String!, $tableId: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      records(first: 1) {
        edges {
          node {
            recordId
            name: cell(field: "Name") {
              __typename
              ... on TextCell {
                text
              }
            }
            title: cell(field: "Title") {
              __typename
              ... on SingleSelectCell {
                option {
                  name
                  color
                }
              }
            }
            skills: cell(field: "Skills") {
              __typename
              ... on MultiSelectCell {
                options {
                  name
                }
              }
            }
            person: cell(field: "Person") {
              __typename
              ... on UserCell {
                users {
                  openId
                  name
                  email
                }
              }
            }
            phone: cell(field: "Phone") {
              __typename
              ... on PhoneCell {
                phone
              }
            }
            profile: cell(field: "Profile") {
              ... on UrlCell {
                text
                link
              }
            }
            office: cell(field: "Office") {
              __typename
              ... on LocationCell {
                location
                city
                fullAddress
              }
            }
            chat: cell(field: "Team chat") {
              __typename
              ... on GroupChatCell {
                chats {
                  chatId
                  name
                }
              }
            }
            capacity: cell(field: "Capacity (h/week)") {
              __typename
              ... on NumberCell {
                number
              }
            }
            active: cell(field: "Active") {
              __typename
              ... on CheckboxCell {
                checked
              }
            }
            joined: cell(field: "Joined") {
              __typename
              ... on DateTimeCell {
                dateTime
              }
            }
            avatar: cell(field: "Avatar") {
              __typename
              ... on AttachmentCell {
                attachments {
                  fileToken
                  name
                  mimeType
                  size
                  url
                  temporaryUrl
                }
              }
            }
            id: cell(field: "Member ID") {
              value
              ... on AutoNumberCell {
                text
              }
            }
          }
        }
      }
    }
  }
}
    `, {"hash":"2c12f6005969e5e41ce6d3a8837487714ba38e9b580e6690294e12ee07e5e9fa"}) as unknown as TypedDocumentString<TeamMemberCellsQuery, TeamMemberCellsQueryVariables>;
export const TaskLinksDocument = new TypedDocumentString(`
    query TaskLinks($appToken: String!, $tableId: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      records(first: 1) {
        edges {
          node {
            recordId
            createdTime
            createdBy {
              name
              unionId
            }
            launch: cell(field: "Launch") {
              __typename
              ... on LinkCell {
                recordIds
                linkedTable {
                  tableId
                }
                records {
                  recordId
                  table {
                    tableId
                  }
                  cell(field: "Launch") {
                    ... on TextCell {
                      text
                    }
                  }
                }
              }
            }
            assignee: cell(field: "Assignee") {
              __typename
              ... on UserCell {
                users {
                  name
                  unionId
                  userId
                }
              }
            }
          }
        }
      }
    }
  }
}
    `, {"hash":"2559ffb962f58108018eecf48a5d886a48b2330ac8e3ed521d452e5505a4f16a"}) as unknown as TypedDocumentString<TaskLinksQuery, TaskLinksQueryVariables>;
export const RecordWithCellsDocument = new TypedDocumentString(`
    query RecordWithCells($appToken: String!, $tableId: String!, $recordId: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      record(recordId: $recordId) {
        recordId
        fields
        cells {
          field {
            name
          }
        }
      }
    }
  }
}
    `, {"hash":"0462b2fdee51290d56e7f042a18cd08f49296aa6ec97203c9864fe0e1ad2926d"}) as unknown as TypedDocumentString<RecordWithCellsQuery, RecordWithCellsQueryVariables>;
export const RecordFieldsDocument = new TypedDocumentString(`
    query RecordFields($appToken: String!, $tableId: String!, $recordId: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      record(recordId: $recordId) {
        recordId
        fields
      }
    }
  }
}
    `, {"hash":"a18361ed149e0fc2cef95e94aed6b06e5d0d487d6c133476149626417e54432d"}) as unknown as TypedDocumentString<RecordFieldsQuery, RecordFieldsQueryVariables>;
export const GlobalIdsDocument = new TypedDocumentString(`
    query GlobalIds($appToken: String!, $tableId: String!, $fieldName: String!, $viewId: String!) {
  app(appToken: $appToken) {
    id
    table(tableId: $tableId) {
      id
      field(name: $fieldName) {
        id
      }
      view(viewId: $viewId) {
        id
      }
      records(first: 1) {
        edges {
          node {
            id
            recordId
            createdBy {
              id
              openId
            }
          }
        }
      }
    }
  }
}
    `, {"hash":"cef676647346d629ec4f2c256c57339f80a187c571f739dfa67b0820a1d6953b"}) as unknown as TypedDocumentString<GlobalIdsQuery, GlobalIdsQueryVariables>;
export const NodesDocument = new TypedDocumentString(`
    query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    id
    ... on App {
      name
    }
    ... on Table {
      name
    }
    ... on Field {
      name
    }
    ... on View {
      name
    }
    ... on Record {
      recordId
    }
    ... on User {
      name
    }
  }
}
    `, {"hash":"bfe80c7aad22ee5df5cb189310487227da6e441ca2e8ed03271638c30a7970a5"}) as unknown as TypedDocumentString<NodesQuery, NodesQueryVariables>;
export const RecordNodeDocument = new TypedDocumentString(`
    query RecordNode($id: ID!) {
  node(id: $id) {
    __typename
    ... on Record {
      fields
    }
  }
}
    `, {"hash":"8758c5c192ed073f77edbed1500b8b322af2ca9fd1f5f8b6adb4523eee54ebe1"}) as unknown as TypedDocumentString<RecordNodeQuery, RecordNodeQueryVariables>;
export const UserByOpenIdDocument = new TypedDocumentString(`
    query UserByOpenId($openId: String!) {
  user(openId: $openId) {
    openId
    name
    unionId
  }
}
    `, {"hash":"9304c75548722fd87f93385469400c3aed4ad6003cfeb93693b5d9155f8f420e"}) as unknown as TypedDocumentString<UserByOpenIdQuery, UserByOpenIdQueryVariables>;
export const RecordsPageDocument = new TypedDocumentString(`
    query RecordsPage($appToken: String!, $tableId: String!, $first: Int, $after: String) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      records(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            recordId
          }
        }
      }
    }
  }
}
    `, {"hash":"6a6b60b7ba995f6b425782b575fb8c3095892b8b54ad76218d5a2fe6bf50fd9a"}) as unknown as TypedDocumentString<RecordsPageQuery, RecordsPageQueryVariables>;
export const RecordsCountDocument = new TypedDocumentString(`
    query RecordsCount($appToken: String!, $tableId: String!, $first: Int, $after: String, $filter: String, $where: RecordFilterInput) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      records(first: $first, after: $after, filter: $filter, where: $where) {
        totalCount
      }
    }
  }
}
    `, {"hash":"a80a2ddbe2ea75c5141f4ea831a8c7af0cfdaa36369d04ae71ebf36ec06af16c"}) as unknown as TypedDocumentString<RecordsCountQuery, RecordsCountQueryVariables>;
export const RecordsWithFieldsDocument = new TypedDocumentString(`
    query RecordsWithFields($appToken: String!, $tableId: String!, $filter: String, $where: RecordFilterInput, $sort: [RecordSortInput!]) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      records(first: 500, filter: $filter, where: $where, sort: $sort) {
        totalCount
        edges {
          node {
            recordId
            fields
          }
        }
      }
    }
  }
}
    `, {"hash":"658e48bf8336df5c2ca0549beccf5ba8582f22bd2ad2e3e67d3dd3d7770513d2"}) as unknown as TypedDocumentString<RecordsWithFieldsQuery, RecordsWithFieldsQueryVariables>;
export const RecordCellDocument = new TypedDocumentString(`
    query RecordCell($appToken: String!, $tableId: String!, $field: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      records(first: 1) {
        edges {
          node {
            cell(field: $field) {
              value
            }
          }
        }
      }
    }
  }
}
    `, {"hash":"57a6f6f8b8bc05c3baafd18ee99c69be6782ed96335a99fe8e53b25869ab105c"}) as unknown as TypedDocumentString<RecordCellQuery, RecordCellQueryVariables>;
export const ViewRecordsDocument = new TypedDocumentString(`
    query ViewRecords($appToken: String!, $tableId: String!, $viewId: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      view(viewId: $viewId) {
        records(first: 500) {
          edges {
            node {
              fields
            }
          }
        }
      }
    }
  }
}
    `, {"hash":"44dd0c1a6b554ac5178fbed6626af2f5e51d1410e5949e992b161a9f335f67d9"}) as unknown as TypedDocumentString<ViewRecordsQuery, ViewRecordsQueryVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    kind
    appId
  }
}
    `, {"hash":"be1284449ce909310614551113683d9f8281760a04e32afd002b17ee9454386c"}) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;