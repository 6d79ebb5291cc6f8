// Loads every type module (each registers its types and root fields with the builder), then
// builds the schema. Export nothing else from here: import types from the files that define them.
import './scalars.js';
import './viewer.js';
import './user.js';
import './bitable/index.js';
import { builder } from './builder.js';

export const schema = builder.toSchema();
