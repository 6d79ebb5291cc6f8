import { ApiError } from '../errors.js';

/**
 * IM failures as the message pages' error tables give them (D:发送消息, D:回复消息, D:编辑消息,
 * D:撤回消息, D:更新已发送的消息卡片, D:获取会话历史消息): HTTP 400, the documented English `msg`,
 * and for parameter errors the `ext=` detail Feishu appends so a caller can tell which one failed.
 */
const im = (code: number, msg: string) => new ApiError(400, code, msg);

export const imErrors = {
  /** 230001: any malformed parameter (receive_id_type, content, page_size, unknown message id…). */
  invalidParam: (ext: string) => im(230001, `Your request contains an invalid request parameter, ext=${ext}`),
  /** 230002: the caller (the bot, or the user of a user token) is not a member of the chat. */
  notInChat: () => im(230002, 'The bot can not be outside the group.'),
  recalled: () => im(230011, 'The message is recalled.'),
  p2pNotShareable: () => im(230015, 'P2P chat can NOT be shared.'),
  tooLong: () => im(230025, 'The length of the message content reaches its limit.'),
  noRecallPermission: () => im(230026, 'No permission to recall this message.'),
  /** 230027: on a card update, the caller did not send the card. */
  noPermission: () => im(230027, 'Lack of necessary permissions.'),
  tooOld: () => im(230031, 'Message can only be modified within 14 days after sending.'),
  invalidReceiveId: () => im(230034, 'The receive_id is invalid.'),
  unsupportedType: () => im(230054, 'This operation is not supported for this message type.'),
  notSender: () => im(230071, 'The operator is not the sender of the message.'),
  editLimit: () => im(230072, 'The message has reached the number of times it can be edited.'),
  cardFailed: (ext: string) => im(230099, `Failed to create card content, ext=${ext}`),
};

/** Chat APIs have their own family (D:获取群信息, group pages' error tables). */
export const chatErrors = {
  invalidParam: (ext: string) => im(232001, `Your request contains an invalid request parameter, ext=${ext}`),
  invalidChatId: () => im(232006, 'Your request specifies a chat_id which is invalid.'),
};
