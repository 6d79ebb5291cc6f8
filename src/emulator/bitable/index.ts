import type { Route } from '../router.js';
import { appRoutes } from './apps.js';

/** Every Bitable route, one module per resource. */
export const bitableRoutes: Route[] = [...appRoutes];
