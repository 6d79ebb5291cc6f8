import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import RelayPlugin from '@pothos/plugin-relay';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ValidationPlugin from '@pothos/plugin-validation';
import WithInputPlugin from '@pothos/plugin-with-input';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import { GraphQLError } from 'graphql';
import type { Context } from './context.js';

/**
 * The Pothos builder: plugins, scalars' shapes and options; no types (those live beside their
 * root fields, one domain per folder). Plugin order matters: scope-auth first, so no wrapping
 * plugin runs before authorisation; relay next; dataloader before validation and with-input.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  /** `app`: the request runs as the app (API key); `user`: as a Feishu user (user token). */
  AuthScopes: { app: boolean; user: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string | number };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: File; Output: never };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin, ValidationPlugin, WithInputPlugin, SimpleObjectsPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({ app: ctx.identity.kind === 'APP', user: ctx.identity.kind === 'USER' }),
    // User-only Feishu APIs refuse the app up front, saying what to send instead.
    unauthorizedError: (_parent, _ctx, info, result) =>
      new GraphQLError(
        needsUserToken(result.failure)
          ? `${info.parentType.name}.${info.fieldName} needs a user token: send Authorization: Bearer <user_access_token>`
          : result.message,
        { extensions: { code: 'FORBIDDEN' } },
      ),
  },
  relay: { cursorType: 'String', clientMutationId: 'omit' },
  // API.md: a mutation takes `input: <MutationName>Input!` (createRecords -> CreateRecordsInput).
  withInput: { typeOptions: { name: ({ fieldName }) => `${fieldName.slice(0, 1).toUpperCase()}${fieldName.slice(1)}Input` } },
  validation: {
    validationError: (failure) => {
      const issue = failure.issues[0];
      const argumentPath = (issue?.path ?? []).map((p) => (typeof p === 'object' ? p.key : p)).join('.');
      return new GraphQLError(argumentPath ? `${argumentPath}: ${issue?.message}` : (issue?.message ?? 'invalid input'), {
        extensions: { code: 'BAD_USER_INPUT', argumentPath },
      });
    },
  },
});

function needsUserToken(failure: AuthFailure): boolean {
  if (failure.kind === AuthScopeFailureType.AuthScope) return failure.scope === 'user';
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    return failure.failures.some(needsUserToken);
  }
  return false;
}

// The root types; their fields are added beside the types they return.
builder.queryType({});
