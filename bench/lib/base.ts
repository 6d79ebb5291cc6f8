import { ok, type EmulatorClient } from './emulator.js';

/**
 * The synthetic base of S1 (and S5): three tables of `size` records, built through the
 * emulator's own APIs (Open API calls and admin `POST /users`) so it is what any client sees.
 *
 *   Orders    Name, Amount, Owner (person), Invoice (attachment on every 20th order),
 *             Products (link, 1-2 products), Customer (link, one customer)
 *   Products  Name, Price, Owner (person), Supplier (link to Customers: links both ways of the graph)
 *   Customers Name, Email, Owner (person)
 *
 * Picks come from a seeded generator, so every run of the bench reads the same data. One order in
 * 20 has an invoice: a 500-order page then names 25 files, five `batch_get_tmp_download_url`
 * calls, which is what Feishu's 5 QPS for that endpoint lets through in one second (the gateway's
 * throttle follows that limit; the emulator does not enforce it, so the SDK run would not wait).
 */

export interface BenchBase {
  appToken: string;
  orders: string;
  products: string;
  customers: string;
  users: { open_id: string; union_id: string }[];
}

export const BATCH = 500;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (i: number) => String(i).padStart(5, '0');

export async function buildBase(emu: EmulatorClient, o: { size: number; users: number; invoiceEvery: number }): Promise<BenchBase> {
  const rnd = seeded(20_251_121);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

  const users = await Promise.all(Array.from({ length: o.users }, (_, i) => emu.admin('POST', '/users', { name: `Bench user ${i + 1}` })));

  const app = ok(await emu.api('POST', '/open-apis/bitable/v1/apps', { body: { name: 'Bench base' } }), 'create app').app as { app_token: string };
  const appToken = app.app_token;
  const table = async (name: string, fields: unknown[]) =>
    ok(await emu.api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables`, { body: { table: { name, fields } } }), `table ${name}`).table_id as string;

  const customers = await table('Customers', [
    { field_name: 'Name', type: 1 },
    { field_name: 'Email', type: 1 },
    { field_name: 'Owner', type: 11 },
  ]);
  const products = await table('Products', [
    { field_name: 'Name', type: 1 },
    { field_name: 'Price', type: 2 },
    { field_name: 'Owner', type: 11 },
    { field_name: 'Supplier', type: 18, property: { table_id: customers } },
  ]);
  const orders = await table('Orders', [
    { field_name: 'Name', type: 1 },
    { field_name: 'Amount', type: 2 },
    { field_name: 'Owner', type: 11 },
    { field_name: 'Invoice', type: 17 },
    { field_name: 'Products', type: 18, property: { table_id: products } },
    { field_name: 'Customer', type: 18, property: { table_id: customers } },
  ]);

  const person = () => [{ id: pick(users).open_id as string }];
  const customerIds = await createAll(emu, appToken, customers, o.size, (i) => ({ Name: `Customer ${pad(i)}`, Email: `c${i}@example.com`, Owner: person() }));
  const productIds = await createAll(emu, appToken, products, o.size, (i) => ({ Name: `Product ${pad(i)}`, Price: 1 + (i % 97), Owner: person(), Supplier: [pick(customerIds)] }));

  const invoices = Math.ceil(o.size / o.invoiceEvery);
  const files: string[] = [];
  for (let i = 0; i < invoices; i++) files.push(await upload(emu, appToken, `invoice-${pad(i)}.txt`, `invoice ${i}\n`));
  await createAll(emu, appToken, orders, o.size, (i) => ({
    Name: `Order ${pad(i)}`,
    Amount: 10 + (i % 1000),
    Owner: person(),
    Products: rnd() < 0.5 ? [pick(productIds)] : [pick(productIds), pick(productIds)].filter((x, k, a) => a.indexOf(x) === k),
    Customer: [pick(customerIds)],
    ...(i % o.invoiceEvery === 0 ? { Invoice: [{ file_token: files[i / o.invoiceEvery] }] } : {}),
  }));
  return { appToken, orders, products, customers, users };
}

/** `batch_create` in chunks of 500 (the documented cap), in order: record ids in creation order. */
export async function createAll(emu: EmulatorClient, appToken: string, tableId: string, n: number, fields: (i: number) => Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += BATCH) {
    const records = Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => ({ fields: fields(start + k) }));
    const data = ok(await emu.api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables/${tableId}/records/batch_create`, { body: { records } }), `batch_create ${tableId}`);
    ids.push(...(data.records as { record_id: string }[]).map((r) => r.record_id));
  }
  return ids;
}

/** `drive/v1/medias/upload_all` as a Bitable attachment of the base: the file token for an attachment cell. */
async function upload(emu: EmulatorClient, appToken: string, name: string, text: string): Promise<string> {
  const bytes = Buffer.from(text);
  const form = new FormData();
  form.append('file_name', name);
  form.append('parent_type', 'bitable_file');
  form.append('parent_node', appToken);
  form.append('size', String(bytes.length));
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'text/plain' }), name);
  return ok(await emu.api('POST', '/open-apis/drive/v1/medias/upload_all', { form }), `upload ${name}`).file_token as string;
}
