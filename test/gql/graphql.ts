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

/** A role's access to a block such as a dashboard (Feishu's block_perm). */
export type BlockPermission =
  /** 0: no access. */
  | 'NONE'
  /** 1: read. */
  | 'READ';

export type Conjunction =
  | 'AND'
  | 'OR';

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

export type RecordConditionInput = {
  /** A field name. */
  field: Scalars['String']['input'];
  operator: FilterOperator;
  /** Feishu's condition value (dates: ["ExactDate", "<ms>"], ["Today"], ...). */
  value?: InputMaybe<Array<Scalars['String']['input']>>;
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

/** What a role member is (Feishu member_type). */
export type RoleMemberType =
  | 'CHAT'
  | 'DEPARTMENT'
  | 'USER';

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
    | { __typename: 'Dashboard', id: string }
    | { __typename: 'Field', name?: string | null, id: string }
    | { __typename: 'Record', recordId?: string | null, id: string }
    | { __typename: 'Role', id: string }
    | { __typename: 'Table', name?: string | null, id: string }
    | { __typename: 'User', name?: string | null, id: string }
    | { __typename: 'View', name?: string | null, id: string }
   | null> };

export type RecordNodeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RecordNodeQuery = { __typename?: 'Query', node?:
    | { __typename: 'App' }
    | { __typename: 'Dashboard' }
    | { __typename: 'Field' }
    | { __typename: 'Record', fields: unknown }
    | { __typename: 'Role' }
    | { __typename: 'Table' }
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
    `) as unknown as TypedDocumentString<AppWithTablesQuery, AppWithTablesQueryVariables>;
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
    `) as unknown as TypedDocumentString<AppTwiceQuery, AppTwiceQueryVariables>;
export const AppNameDocument = new TypedDocumentString(`
    query AppName($appToken: String!) {
  app(appToken: $appToken) {
    appToken
    name
  }
}
    `) as unknown as TypedDocumentString<AppNameQuery, AppNameQueryVariables>;
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
    `) as unknown as TypedDocumentString<TablesPageQuery, TablesPageQueryVariables>;
export const TableNameDocument = new TypedDocumentString(`
    query TableName($appToken: String!, $tableId: String!) {
  app(appToken: $appToken) {
    table(tableId: $tableId) {
      tableId
      name
    }
  }
}
    `) as unknown as TypedDocumentString<TableNameQuery, TableNameQueryVariables>;
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
    `) as unknown as TypedDocumentString<TableShapeQuery, TableShapeQueryVariables>;
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
    `) as unknown as TypedDocumentString<TableFieldQuery, TableFieldQueryVariables>;
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
    `) as unknown as TypedDocumentString<FieldsCountQuery, FieldsCountQueryVariables>;
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
    `) as unknown as TypedDocumentString<ViewsCountQuery, ViewsCountQueryVariables>;
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
    `) as unknown as TypedDocumentString<CellTypesQuery, CellTypesQueryVariables>;
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
    `) as unknown as TypedDocumentString<TeamMemberCellsQuery, TeamMemberCellsQueryVariables>;
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
    `) as unknown as TypedDocumentString<TaskLinksQuery, TaskLinksQueryVariables>;
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
    `) as unknown as TypedDocumentString<RecordWithCellsQuery, RecordWithCellsQueryVariables>;
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
    `) as unknown as TypedDocumentString<RecordFieldsQuery, RecordFieldsQueryVariables>;
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
    `) as unknown as TypedDocumentString<GlobalIdsQuery, GlobalIdsQueryVariables>;
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
    `) as unknown as TypedDocumentString<NodesQuery, NodesQueryVariables>;
export const RecordNodeDocument = new TypedDocumentString(`
    query RecordNode($id: ID!) {
  node(id: $id) {
    __typename
    ... on Record {
      fields
    }
  }
}
    `) as unknown as TypedDocumentString<RecordNodeQuery, RecordNodeQueryVariables>;
export const UserByOpenIdDocument = new TypedDocumentString(`
    query UserByOpenId($openId: String!) {
  user(openId: $openId) {
    openId
    name
    unionId
  }
}
    `) as unknown as TypedDocumentString<UserByOpenIdQuery, UserByOpenIdQueryVariables>;
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
    `) as unknown as TypedDocumentString<RecordsPageQuery, RecordsPageQueryVariables>;
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
    `) as unknown as TypedDocumentString<RecordsCountQuery, RecordsCountQueryVariables>;
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
    `) as unknown as TypedDocumentString<RecordsWithFieldsQuery, RecordsWithFieldsQueryVariables>;
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
    `) as unknown as TypedDocumentString<RecordCellQuery, RecordCellQueryVariables>;
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
    `) as unknown as TypedDocumentString<ViewRecordsQuery, ViewRecordsQueryVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    kind
    appId
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;