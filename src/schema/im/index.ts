// The IM graph: each module registers its types and the fields that lead to them.
import './chat.js';
import './feedGroup.js';
import './feedItem.js';
import './feedGroupRule.js';
import './feedGroupMutations.js';
import './feedGroupItemMutations.js';
