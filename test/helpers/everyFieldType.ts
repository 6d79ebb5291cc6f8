/** A table with a field of every writable type (the record-value suites write into it). */
export const EVERY_TYPE_FIELDS = [
  { field_name: 'Name', type: 1 },
  { field_name: 'Amount', type: 2 },
  { field_name: 'Stage', type: 3, property: { options: [{ name: 'Draft' }, { name: 'Live' }] } },
  { field_name: 'Tags', type: 4, property: { options: [{ name: 'red' }, { name: 'blue' }] } },
  { field_name: 'Due', type: 5 },
  { field_name: 'Done', type: 7 },
  { field_name: 'Owner', type: 11 },
  { field_name: 'Phone', type: 13 },
  { field_name: 'Site', type: 15 },
  { field_name: 'Files', type: 17 },
  { field_name: 'Place', type: 22 },
  { field_name: 'Group', type: 23 },
  { field_name: 'Created', type: 1001 },
  { field_name: 'Number', type: 1005 },
];
