/** Feishu field type numbers (seed A03 "字段类型", plus 23 group chat from the SDK's ui_type list). */
export const FieldType = {
  Text: 1,
  Number: 2,
  SingleSelect: 3,
  MultiSelect: 4,
  DateTime: 5,
  Checkbox: 7,
  User: 11,
  Phone: 13,
  Url: 15,
  Attachment: 17,
  SingleLink: 18,
  Lookup: 19,
  Formula: 20,
  DuplexLink: 21,
  Location: 22,
  GroupChat: 23,
  CreatedTime: 1001,
  ModifiedTime: 1002,
  CreatedUser: 1003,
  ModifiedUser: 1004,
  AutoNumber: 1005,
} as const;

/** The SDK's `ui_type` for each type; the key set is also the set of types the emulator knows. */
export const DEFAULT_UI_TYPE: Record<number, string> = {
  1: 'Text',
  2: 'Number',
  3: 'SingleSelect',
  4: 'MultiSelect',
  5: 'DateTime',
  7: 'Checkbox',
  11: 'User',
  13: 'Phone',
  15: 'Url',
  17: 'Attachment',
  18: 'SingleLink',
  19: 'Lookup',
  20: 'Formula',
  21: 'DuplexLink',
  22: 'Location',
  23: 'GroupChat',
  1001: 'CreatedTime',
  1002: 'ModifiedTime',
  1003: 'CreatedUser',
  1004: 'ModifiedUser',
  1005: 'AutoNumber',
};

/** ui_types that are variants of one storage type (SDK enum): same cells, other presentation. */
export const UI_VARIANTS: Record<number, string[]> = {
  1: ['Text', 'Barcode', 'Email'],
  2: ['Number', 'Progress', 'Currency', 'Rating'],
};

export const isKnownType = (type: unknown): type is number => typeof type === 'number' && type in DEFAULT_UI_TYPE;

export const isLinkType = (type: number) => type === FieldType.SingleLink || type === FieldType.DuplexLink;

/**
 * Types whose cells Feishu computes, so a record write naming them is refused. Duplex links are
 * NOT here although seed A03 says "只支持列出,暂不支持写入": the node SDK's record payload types
 * and today's Feishu accept record-id arrays for them, and the SDK wins (EMULATOR.md), so the
 * emulator accepts duplex writes and mirrors them into the back field.
 */
export const READ_ONLY_TYPES: ReadonlySet<number> = new Set([
  FieldType.Lookup,
  FieldType.Formula,
  FieldType.CreatedTime,
  FieldType.ModifiedTime,
  FieldType.CreatedUser,
  FieldType.ModifiedUser,
  FieldType.AutoNumber,
]);

/**
 * Per-type "conversion failed" codes of a bad cell value (seed A31/A34 error tables). Types the
 * tables give no code for (location, group chat) answer 1254015 FieldTypeValueNotMatch.
 */
export const CONV_FAIL: Record<number, [number, string]> = {
  1: [1254060, 'TextFieldConvFail'],
  2: [1254061, 'NumberFieldConvFail'],
  3: [1254062, 'SingleSelectFieldConvFail'],
  4: [1254063, 'MultiSelectFieldConvFail'],
  5: [1254064, 'DatetimeFieldConvFail'],
  7: [1254065, 'CheckboxFieldConvFail'],
  11: [1254066, 'UserFieldConvFail'],
  13: [1254072, 'Failed to convert phone field, please make sure it is correct.'],
  15: [1254068, 'URLFieldConvFail'],
  17: [1254069, 'AttachFieldConvFail'],
  18: [1254067, 'LinkFieldConvFail'],
  21: [1254067, 'LinkFieldConvFail'],
};

/** Per-type "property error" codes of a field create/update (seed A38/A39, HTTP 400). */
export const PROPERTY_ERROR: Record<number, [number, string]> = {
  1: [1254080, 'TextFieldPropertyError'],
  2: [1254081, 'NumberFieldPropertyError'],
  3: [1254082, 'SingleSelectFieldPropertyError'],
  4: [1254083, 'MultiSelectFieldPropertyError'],
  5: [1254084, 'DateFieldPropertyError'],
  7: [1254085, 'CheckboxFieldPropertyError'],
  11: [1254086, 'UserFieldPropertyError'],
  15: [1254087, 'URLFieldPropertyError'],
  17: [1254088, 'AttachFieldPropertyError'],
  18: [1254089, 'LinkFieldPropertyError'],
  19: [1254090, 'LookUpFieldPropertyError'],
  20: [1254091, 'FormulaFieldPropertyError'],
  21: [1254092, 'DuplexLinkFieldPropertyError'],
  1001: [1254093, 'CreatedTimeFieldPropertyError'],
  1002: [1254094, 'ModifiedTimeFieldPropertyError'],
  1003: [1254095, 'CreatedUserFieldPropertyError'],
  1004: [1254096, 'ModifiedUserFieldPropertyError'],
};
