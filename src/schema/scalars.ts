import { GraphQLError, Kind, valueFromASTUntyped } from 'graphql';
import { builder } from './builder.js';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** ISO-8601 strings out (Feishu's millisecond timestamps and Dates are converted), Dates in. */
builder.scalarType('DateTime', {
  description: 'An instant, as an ISO-8601 string (e.g. 2026-01-31T08:00:00.000Z).',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
    if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDateTime(value: unknown): Date {
  // A date alone (2026-01-31) or a date-time with an offset or Z: anything else is ambiguous.
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
  if (typeof value !== 'string' || !iso.test(value)) throw badInput(`DateTime must be an ISO-8601 string with a time zone, got ${JSON.stringify(value)}`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput(`DateTime is not a valid instant: ${JSON.stringify(value)}`);
  return date;
}

/** Free-form Feishu JSON (record fields, properties, card content), passed through unchanged. */
builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

/** Uploads (GraphQL multipart request spec): input only. */
builder.scalarType('File', {
  description: 'A file upload (GraphQL multipart request spec).',
  serialize: () => {
    throw new GraphQLError('File is an input type only');
  },
});
