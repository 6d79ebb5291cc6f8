import type { Route } from '../router.js';
import { appRoutes } from './apps.js';
import { dashboardRoutes } from './dashboards.js';
import { fieldRoutes } from './fields.js';
import { formRoutes } from './forms.js';
import { memberRoutes } from './members.js';
import { recordRoutes } from './records.js';
import { roleRoutes } from './roles.js';
import { tableRoutes } from './tables.js';
import { viewRoutes } from './views.js';

/** Every Bitable route, one module per resource. */
export const bitableRoutes: Route[] = [...appRoutes, ...roleRoutes, ...memberRoutes, ...tableRoutes, ...viewRoutes, ...formRoutes, ...dashboardRoutes, ...fieldRoutes, ...recordRoutes];
