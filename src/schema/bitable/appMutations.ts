import type { BitableApp } from '../../feishu/index.js';
import { bitableWrites } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { AppRef, TableRef, type AppShape, type TableShape } from './refs.js';
import { appNameCreate, appNameUpdate, completeRaw, feishuId, requireSome, timeZone } from './structureRules.js';

/**
 * Base mutations (seed A11, feishu-wire.md §3 app create / copy). A base is created or copied
 * into the caller's space (the app's, or the user's) unless folderToken names a folder.
 */

interface AppPayload extends Planned {
  app?: AppShape | null;
  url?: string | null;
  defaultTable?: TableShape | null;
}

/** What App's fields read: an answer without one of them (create lacks is_advanced, update the revision) is not primed. */
const APP_KEYS = ['app_token', 'name', 'revision', 'is_advanced', 'time_zone'] as const;
const appShape = (raw: BitableApp): AppShape => ({ appToken: raw.app_token, raw: completeRaw(raw, APP_KEYS) });

const appPayload = (name: string, appDescription: string) =>
  builder.objectRef<AppPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({ app: t.field({ type: AppRef, nullable: true, description: appDescription, resolve: (p) => p.app ?? null }) }),
  });

const CreateAppPayload = appPayload('CreateAppPayload', 'The new base (null on a dry run).');
const CopyAppPayload = appPayload('CopyAppPayload', 'The copy (null on a dry run).');
const UpdateAppPayload = appPayload('UpdateAppPayload', 'The updated base (null on a dry run).');
for (const ref of [CreateAppPayload, CopyAppPayload]) {
  builder.objectFields(ref, (t) => ({ url: t.string({ nullable: true, description: 'The base\'s web address.', resolve: (p) => p.url ?? null }) }));
}
builder.objectFields(CreateAppPayload, (t) => ({
  defaultTable: t.field({ type: TableRef, nullable: true, description: 'The table Feishu makes with a new base.', resolve: (p) => p.defaultTable ?? null }),
}));

const nameInput = 'At most 255 characters.';
const folderInput = 'The Drive folder to put it in (default: the root of the caller\'s space).';
const zoneInput = 'IANA time zone, e.g. Asia/Shanghai.';

builder.mutationField('createApp', (t) =>
  t.fieldWithInput({
    type: CreateAppPayload,
    nullable: false,
    description: 'Creates a base with one table.',
    input: {
      name: t.input.string({ description: nameInput, validate: appNameCreate }),
      folderToken: t.input.string({ description: folderInput, validate: feishuId('folderToken') }),
      timeZone: t.input.string({ description: zoneInput, validate: timeZone }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = bitableWrites.createApp({ name: input.name ?? undefined, folder_token: input.folderToken ?? undefined, time_zone: input.timeZone ?? undefined });
      if (input.dryRun) return plan([call]);
      const { app } = await send(ctx, call);
      return { app: appShape(app), url: app.url ?? null, defaultTable: app.default_table_id ? { appToken: app.app_token, tableId: app.default_table_id } : null };
    },
  }),
);

builder.mutationField('copyApp', (t) =>
  t.fieldWithInput({
    type: CopyAppPayload,
    nullable: false,
    description: 'Copies a base: its tables, views, forms and dashboards, and its records unless withoutContent (Feishu copies structure only for bases over 50,000 records).',
    input: {
      appToken: t.input.string({ required: true, description: 'The base to copy.', validate: feishuId('appToken') }),
      name: t.input.string({ description: `${nameInput} Default: the source's name.`, validate: appNameCreate }),
      folderToken: t.input.string({ description: folderInput, validate: feishuId('folderToken') }),
      withoutContent: t.input.boolean({ description: 'Copy the structure without the records.' }),
      timeZone: t.input.string({ description: `${zoneInput} Default: the source's.`, validate: timeZone }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = bitableWrites.copyApp(input.appToken, {
        name: input.name ?? undefined,
        folder_token: input.folderToken ?? undefined,
        without_content: input.withoutContent ?? undefined,
        time_zone: input.timeZone ?? undefined,
      });
      if (input.dryRun) return plan([call]);
      const { app } = await send(ctx, call);
      return { app: appShape(app), url: app.url ?? null };
    },
  }),
);

builder.mutationField('updateApp', (t) =>
  t.fieldWithInput({
    type: UpdateAppPayload,
    nullable: false,
    description: 'Renames a base or switches its advanced permissions; fields not given keep their value. Feishu renames first, so a refused switch can leave the new name applied.',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      name: t.input.string({ description: 'At most 100 characters, none of ? / \\ * : [ ].', validate: appNameUpdate }),
      isAdvanced: t.input.boolean({ description: 'Advanced permissions (custom roles) on or off.' }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      requireSome(input, ['name', 'isAdvanced']);
      const call = bitableWrites.updateApp(input.appToken, { name: input.name ?? undefined, is_advanced: input.isAdvanced ?? undefined });
      if (input.dryRun) return plan([call]);
      const { app } = await send(ctx, call);
      return { app: appShape(app) };
    },
  }),
);
