// The Bitable graph: each module registers its types and the fields that lead to them.
import './app.js';
import './table.js';
import './field.js';
import './record.js';
import './view.js';
import './role.js';
import './dashboard.js';
import './form.js';
