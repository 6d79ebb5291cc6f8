import { z } from 'zod';
import { endpoint, refuse, type CallOptions, type Caller } from './endpoint.js';
import type { UserIdType } from './bitable.js';

/** Contact v3 (feishu-wire.md §6). */

export const ContactUser = z.looseObject({
  open_id: z.string().nullish(),
  union_id: z.string().nullish(),
  user_id: z.string().nullish(),
  name: z.string().nullish(),
  en_name: z.string().nullish(),
  email: z.string().nullish(),
  avatar: z.looseObject({ avatar_72: z.string().nullish(), avatar_240: z.string().nullish(), avatar_640: z.string().nullish(), avatar_origin: z.string().nullish() }).nullish(),
});
export const BatchGetUsersData = z.looseObject({ items: z.array(ContactUser).nullish().transform((i) => i ?? []) });
/** `authen/v1/user_info`: the user a user_access_token belongs to (flat avatar URLs, unlike contact users). */
export const AuthenUserInfo = z.looseObject({
  open_id: z.string(),
  union_id: z.string().nullish(),
  user_id: z.string().nullish(),
  name: z.string().nullish(),
  en_name: z.string().nullish(),
  email: z.string().nullish(),
  enterprise_email: z.string().nullish(),
  avatar_url: z.string().nullish(),
  avatar_thumb: z.string().nullish(),
  avatar_middle: z.string().nullish(),
  avatar_big: z.string().nullish(),
  mobile: z.string().nullish(),
  tenant_key: z.string().nullish(),
  employee_no: z.string().nullish(),
});
export type ContactUser = z.infer<typeof ContactUser>;
export type AuthenUserInfo = z.infer<typeof AuthenUserInfo>;
export type BatchGetUsersData = z.infer<typeof BatchGetUsersData>;

/** Most ids a `users/batch` takes. */
export const BATCH_GET_USERS_MAX = 50;

export const CONTACT_ENDPOINTS = {
  batchGetUsers: endpoint({ name: 'contact.batchGetUsers', method: 'GET', path: '/open-apis/contact/v3/users/batch', rate: 'contact', idempotent: true, data: BatchGetUsersData }),
  /** User tokens only: Feishu refuses a tenant token here. */
  getUserInfo: endpoint({ name: 'authen.getUserInfo', method: 'GET', path: '/open-apis/authen/v1/user_info', rate: 'contact', idempotent: true, data: AuthenUserInfo }),
};

export function contactApi(call: Caller) {
  const E = CONTACT_ENDPOINTS;
  return {
    /** Users by id (1-50, repeated `user_ids`); ids Feishu does not know are simply missing from `items`. */
    async batchGetUsers(p: { userIds: string[]; userIdType?: UserIdType; departmentIdType?: 'department_id' | 'open_department_id' }, o?: CallOptions): Promise<BatchGetUsersData> {
      if (p.userIds.length < 1 || p.userIds.length > BATCH_GET_USERS_MAX) throw refuse(E.batchGetUsers, `user_ids must hold 1-${BATCH_GET_USERS_MAX} ids, got ${p.userIds.length}`);
      return call(E.batchGetUsers, { query: { user_ids: p.userIds, user_id_type: p.userIdType, department_id_type: p.departmentIdType } }, o);
    },
    /** The signed-in user (`GET authen/v1/user_info`); needs a session bound to a user token. */
    getUserInfo: (o?: CallOptions): Promise<AuthenUserInfo> => call(E.getUserInfo, {}, o),
  };
}

export type ContactApi = ReturnType<typeof contactApi>;
