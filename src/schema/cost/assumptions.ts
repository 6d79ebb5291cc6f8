import {
  BATCH_GET_RECORDS_MAX,
  BATCH_GET_USERS_MAX,
  BATCH_QUERY_CHATS_MAX,
  BATCH_ROLE_MEMBERS_MAX,
  BATCH_WRITE_RECORDS_MAX,
  FEED_GROUP_BATCH_MAX,
  MGET_MESSAGES_MAX,
  TMP_DOWNLOAD_URLS_MAX,
} from '../../feishu/index.js';

/**
 * What the cost estimate assumes where the query alone cannot say how much data there is.
 * A static estimate cannot see the data: these are typical values of a working base (the demo's
 * Tasks table and the benchmark's orders sit at or under them), so the estimate tracks what a
 * query usually costs, while page sizes, nesting and list arguments, which the client chooses,
 * are read from the query itself. README, "Query cost", lists each one.
 */
export const ASSUMED = {
  /** `first` when a connection is asked without it (API.md: lists default to 20). */
  defaultPageSize: 20,
  /** Cells of one record, all kinds together (`Record.cells`). */
  cellsPerRecord: 20,
  /** Link cells (LINK, DUPLEX_LINK) among them, and linked records named by each. */
  linkCellsPerRecord: 2,
  linksPerCell: 2,
  /** Distinct tables a table's link fields point to (each one more field listing). */
  linkedTablesPerTable: 2,
  /** Person cells (USER, CREATED_USER, MODIFIED_USER) among them, and users in each. */
  userCellsPerRecord: 2,
  usersPerCell: 1,
  /** Attachment cells among them, and files in each on average (most such cells are empty). */
  attachmentCellsPerRecord: 1,
  attachmentsPerCell: 0.2,
  /** Mentions in one message. */
  mentionsPerMessage: 2,
  /** Field changes carried by one record event (`before`, `after`). */
  changesPerEvent: 5,
  /** Any other list field (rules, conditions, questions, table roles): its items. */
  listItems: 10,
} as const;

/** Keys one call takes, per batch endpoint (ARCHITECTURE.md, Batching); `single`: one call a key. */
export const BATCH_SIZES = {
  records: BATCH_GET_RECORDS_MAX,
  users: BATCH_GET_USERS_MAX,
  chats: BATCH_QUERY_CHATS_MAX,
  feedGroups: FEED_GROUP_BATCH_MAX,
  messages: MGET_MESSAGES_MAX,
  tmpUrls: TMP_DOWNLOAD_URLS_MAX,
  single: 1,
} as const;

export type BatchEndpoint = keyof typeof BATCH_SIZES;

export const WRITE_CHUNK = { records: BATCH_WRITE_RECORDS_MAX, roleMembers: BATCH_ROLE_MEMBERS_MAX } as const;
