import { z } from 'zod';
import { ApiError } from '../errors.js';
import { del, get, put, type Route, type RouteContext } from '../router.js';
import { WebhookChannel } from './webhook.js';

/**
 * Admin routes of event delivery: `PUT/GET/DELETE /webhook` and `GET/DELETE /deliveries`.
 * Setting a webhook runs Feishu's url_verification first (`verify: false` skips it). Webhook
 * settings live in memory, like `PUT /config`: they are the app's console settings, not data.
 */

const badRequest = (msg: string) => new ApiError(400, 400, msg);

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const WebhookInput = z
  .object({
    url: HttpUrl.nullable(),
    urls: z.array(HttpUrl).min(1),
    encryptKey: z.string().min(1),
    verificationToken: z.string(),
    verify: z.boolean(),
  })
  .partial()
  .strict();

function parse(body: unknown) {
  const r = WebhookInput.safeParse(body ?? {});
  if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

/** What the admin API shows of a webhook: never the key or the token themselves. */
const describe = (ch: WebhookChannel | undefined) =>
  ch ? { urls: ch.settings.urls, encrypted: ch.settings.encryptKey !== undefined, hasVerificationToken: !!ch.settings.verificationToken } : { urls: [] };

const webhookOf = (ctx: RouteContext) => ctx.rt.events.channel('webhook') as WebhookChannel | undefined;

async function setWebhook(ctx: RouteContext) {
  const input = parse(ctx.body);
  if (input.url !== undefined && input.urls !== undefined) throw badRequest('give url or urls, not both');
  const hub = ctx.rt.events;
  if (input.url === null) {
    hub.removeChannel('webhook');
    return describe(undefined);
  }
  const urls = input.urls ?? (input.url ? [input.url] : undefined);
  if (!urls) throw badRequest('url (or urls) is required; url: null removes the webhook');
  const channel = new WebhookChannel({ urls, encryptKey: input.encryptKey, verificationToken: input.verificationToken }, () => ctx.rt.config.webhookTimeoutMs);
  const verify = input.verify ?? true;
  if (verify) {
    const failure = await channel.verify();
    if (failure) {
      channel.close(true);
      throw badRequest(failure);
    }
  }
  hub.setChannel(channel);
  return { ...describe(channel), verified: verify };
}

export const eventAdminRoutes: Route[] = [
  put('/webhook', 'none', setWebhook),
  get('/webhook', 'none', (ctx) => describe(webhookOf(ctx))),
  del('/webhook', 'none', (ctx) => {
    ctx.rt.events.removeChannel('webhook');
    return describe(undefined);
  }),
  get('/deliveries', 'none', (ctx) => ctx.rt.events.deliveries()),
  del('/deliveries', 'none', (ctx) => {
    ctx.rt.events.clearLog();
    return {};
  }),
];
