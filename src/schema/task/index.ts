// The task graph: attachments, each module registering its types and the fields that lead to them.
import './attachment.js';
import './attachmentMutations.js';
