import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One JSON POST with a deadline on the whole exchange (Feishu: an answer within 3 s). A fresh
 * connection each time (`agent: false`): nothing is left open once the answer is in, and a
 * receiver that hangs costs one socket until the deadline cuts it.
 */

export interface PostAnswer {
  status?: number;
  body?: string;
  error?: string;
}

/** Keeps at most this much of an answer (a challenge echo is tiny). */
const MAX_ANSWER = 64 * 1024;

export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number, inFlight: Set<ClientRequest>): Promise<PostAnswer> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (answer: PostAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      inFlight.delete(req);
      resolve(answer);
    };
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Feishu-Emulator-Event-Push', ...headers },
    });
    const timer = setTimeout(() => {
      done({ error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    inFlight.add(req);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < MAX_ANSWER) text += chunk;
      });
      res.on('end', () => done({ status: res.statusCode, body: text }));
      res.on('error', (err) => done({ status: res.statusCode, error: err.message }));
    });
    // A destroyed request (deadline, shutdown) also lands here; `done` keeps the first outcome.
    req.on('error', (err) => done({ error: err.message || 'request failed' }));
    req.on('close', () => done({ error: 'connection closed before an answer' }));
    req.end(body);
  });
}
