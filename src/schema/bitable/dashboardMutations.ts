import { bitableWrites } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { AppRef, DashboardRef, type AppShape, type DashboardShape } from './refs.js';
import { completeRaw, dashboardName, feishuId } from './structureRules.js';

/**
 * copyDashboard (seed A18): the Open API cannot create a dashboard, only copy one. Feishu
 * answers `{block_id, name}`, all a Dashboard reads, so the payload needs no re-read.
 */

interface DashboardPayload extends Planned {
  app?: AppShape | null;
  dashboard?: DashboardShape | null;
}

const CopyDashboardPayload = builder.objectRef<DashboardPayload>('CopyDashboardPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    app: t.field({ type: AppRef, nullable: true, description: 'The base whose dashboards changed (null on a dry run).', resolve: (p) => p.app ?? null }),
    dashboard: t.field({ type: DashboardRef, nullable: true, description: 'The copy (null on a dry run).', resolve: (p) => p.dashboard ?? null }),
  }),
});

builder.mutationField('copyDashboard', (t) =>
  t.fieldWithInput({
    type: CopyDashboardPayload,
    nullable: false,
    description: 'Copies a dashboard within its base.',
    input: {
      appToken: t.input.string({ required: true, validate: feishuId('appToken') }),
      blockId: t.input.string({ required: true, description: 'The dashboard to copy.', validate: feishuId('blockId') }),
      name: t.input.string({ required: true, description: 'The copy\'s name: at most 100 characters without [ or ]; unique among the base\'s dashboards.', validate: dashboardName }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = bitableWrites.copyDashboard(input.appToken, input.blockId, input.name);
      if (input.dryRun) return plan([call]);
      const copy = await send(ctx, call);
      return { app: { appToken: input.appToken }, dashboard: { appToken: input.appToken, blockId: copy.block_id, raw: completeRaw(copy, ['block_id', 'name']) } };
    },
  }),
);
