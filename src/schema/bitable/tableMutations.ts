import { bitableWrites } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { AppRef, TableRef, ViewRef, type AppShape, type TableShape, type ViewShape } from './refs.js';
import { feishuId, MAX_TABLES, tableName, uniqueList, viewName } from './structureRules.js';

/**
 * Table mutations (seed A12, A14-A17): create one or several, rename, delete one or several.
 * Feishu answers ids (and a rename its name) but no revision, so the tables are returned as keys
 * and load their metadata only if asked. Every payload names the base, whose table list changed.
 */

interface TablePayload extends Planned {
  app?: AppShape | null;
  table?: TableShape | null;
  defaultView?: ViewShape | null;
}
interface TablesPayload extends Planned {
  app?: AppShape | null;
  tables?: TableShape[] | null;
}
interface DeletedTablesPayload extends Planned {
  app?: AppShape | null;
  deletedTableIds?: string[] | null;
}

const APP_DESCRIPTION = 'The base whose tables changed (null on a dry run).';

const tablePayload = (name: string, tableDescription: string) =>
  builder.objectRef<TablePayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      app: t.field({ type: AppRef, nullable: true, description: APP_DESCRIPTION, resolve: (p) => p.app ?? null }),
      table: t.field({ type: TableRef, nullable: true, description: tableDescription, resolve: (p) => p.table ?? null }),
    }),
  });

const CreateTablePayload = tablePayload('CreateTablePayload', 'The new table (null on a dry run).');
builder.objectFields(CreateTablePayload, (t) => ({
  defaultView: t.field({ type: ViewRef, nullable: true, description: 'The grid view Feishu made with the table (null on a dry run).', resolve: (p) => p.defaultView ?? null }),
}));
const UpdateTablePayload = tablePayload('UpdateTablePayload', 'The renamed table (null on a dry run).');

const CreateTablesPayload = builder.objectRef<TablesPayload>('CreateTablesPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    app: t.field({ type: AppRef, nullable: true, description: APP_DESCRIPTION, resolve: (p) => p.app ?? null }),
    tables: t.field({ type: [TableRef], nullable: true, description: 'The new tables, in the order of names (null on a dry run).', resolve: (p) => p.tables ?? null }),
  }),
});

const deletedPayload = (name: string) =>
  builder.objectRef<DeletedTablesPayload>(name).implement({
    interfaces: [MutationPayload],
    fields: (t) => ({ app: t.field({ type: AppRef, nullable: true, description: APP_DESCRIPTION, resolve: (p) => p.app ?? null }) }),
  });
const DeleteTablePayload = deletedPayload('DeleteTablePayload');
builder.objectFields(DeleteTablePayload, (t) => ({
  deletedTableId: t.string({ nullable: true, description: 'The deleted table\'s id (null on a dry run).', resolve: (p) => p.deletedTableIds?.[0] ?? null }),
}));
const DeleteTablesPayload = deletedPayload('DeleteTablesPayload');
builder.objectFields(DeleteTablesPayload, (t) => ({
  deletedTableIds: t.stringList({ nullable: true, description: 'The deleted tables\' ids (null on a dry run).', resolve: (p) => p.deletedTableIds ?? null }),
}));

builder.mutationField('createTable', (t) =>
  t.fieldWithInput({
    type: CreateTablePayload,
    nullable: false,
    description: 'Creates a table (with Feishu\'s default primary field and grid view).',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      name: t.input.string({ required: true, description: '1-100 characters, none of [ ] : \\ / ? * (trimmed); unique in the base.', validate: tableName }),
      defaultViewName: t.input.string({ description: 'Name of the grid view made with the table (default: Feishu\'s).', validate: viewName }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = bitableWrites.createTable(input.appToken, { table: { name: input.name, default_view_name: input.defaultViewName ?? undefined } });
      if (input.dryRun) return plan([call]);
      const data = await send(ctx, call);
      const table = { appToken: input.appToken, tableId: data.table_id };
      return { app: { appToken: input.appToken }, table, defaultView: data.default_view_id ? { ...table, viewId: data.default_view_id } : null };
    },
  }),
);

builder.mutationField('createTables', (t) =>
  t.fieldWithInput({
    type: CreateTablesPayload,
    nullable: false,
    description: 'Creates several tables in one call, all or none (Feishu batch_create).',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      names: t.input.stringList({
        required: true,
        description: `1 to ${MAX_TABLES} distinct table names (a base holds at most ${MAX_TABLES} tables); each as CreateTableInput.name.`,
        validate: uniqueList(tableName, 'table name', MAX_TABLES),
      }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = bitableWrites.batchCreateTables(input.appToken, input.names);
      if (input.dryRun) return plan([call]);
      const data = await send(ctx, call);
      return { app: { appToken: input.appToken }, tables: data.table_ids.map((tableId) => ({ appToken: input.appToken, tableId })) };
    },
  }),
);

builder.mutationField('updateTable', (t) =>
  t.fieldWithInput({
    type: UpdateTablePayload,
    nullable: false,
    description: 'Renames a table.',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      tableId: t.input.string({ required: true, validate: feishuId('tableId') }),
      name: t.input.string({ required: true, description: 'As CreateTableInput.name.', validate: tableName }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const key = { appToken: input.appToken, tableId: input.tableId };
      const call = bitableWrites.updateTable(key, { name: input.name });
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { app: { appToken: input.appToken }, table: key };
    },
  }),
);

builder.mutationField('deleteTable', (t) =>
  t.fieldWithInput({
    type: DeleteTablePayload,
    nullable: false,
    description: 'Deletes a table with its records, fields and views (Feishu refuses to delete a base\'s last table).',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      tableId: t.input.string({ required: true, validate: feishuId('tableId') }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = bitableWrites.deleteTable({ appToken: input.appToken, tableId: input.tableId });
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { app: { appToken: input.appToken }, deletedTableIds: [input.tableId] };
    },
  }),
);

builder.mutationField('deleteTables', (t) =>
  t.fieldWithInput({
    type: DeleteTablesPayload,
    nullable: false,
    description: 'Deletes several tables in one call, all or none (Feishu batch_delete); the base keeps at least one.',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      tableIds: t.input.stringList({
        required: true,
        description: `1 to ${MAX_TABLES} distinct table ids.`,
        validate: uniqueList(feishuId('tableId'), 'table id', MAX_TABLES),
      }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = bitableWrites.batchDeleteTables(input.appToken, input.tableIds);
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { app: { appToken: input.appToken }, deletedTableIds: input.tableIds };
    },
  }),
);
