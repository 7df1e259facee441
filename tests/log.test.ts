// Structured logs (issue #20): JSON lines from one pino logger, a request id on each line
// said while answering a request (taken from a sane X-Request-Id, else made) and echoed as
// X-Request-Id, and no secret ever written — not an Authorization header, a cookie, a
// password, an API key (whole), a URL's password — whether it sits in a field or in the text.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, requestId, scrub, setLogger } from '@/lib/log';
import { handleApi } from '@/server/api/handle';
import { AppError } from '@/server/errors';
import { handle } from '@/server/http/track';
import { fromWeb } from '@/server/http/web';
import { receiveWebhook } from '@/server/webhooks';

const API_KEY = 'sk_live_Q2hhcmxpZUlzVGhlU2VjcmV0S2V5MTIzNDU2';
const PASSWORD = 'correct-horse-battery-staple-42';
const SECRETS = [API_KEY, API_KEY.slice(8), PASSWORD, 'whsec_c2VjcmV0LXNpZ25pbmcta2V5', 'smtp-pass-987', 'session-cookie-value-abc'];

/** A logger writing into memory: the lines it wrote, each parsed. */
function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(stream, { level: 'debug' });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, text, lines };
}

function expectNoSecret(text: string) {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

afterEach(() => setLogger(undefined));

describe('the logger', () => {
  it('writes one JSON object a line, with level, time and message', () => {
    const { logger, lines } = capture();
    logger.info({ component: 'test', n: 1 }, 'hello');
    logger.warn('careful');
    const [a, b] = lines();
    expect(a).toMatchObject({ level: 'info', component: 'test', n: 1, msg: 'hello' });
    expect(typeof a!.time).toBe('string');
    expect(b).toMatchObject({ level: 'warn', msg: 'careful' });
  });

  it('redacts credentials in fields: headers, cookies, passwords, API keys, secrets, tokens', () => {
    const { logger, text, lines } = capture();
    logger.info(
      {
        req: { headers: { authorization: `Bearer ${API_KEY}`, cookie: `next-auth.session-token=session-cookie-value-abc`, 'x-api-key': API_KEY } },
        body: { email: 'a@example.com', password: PASSWORD },
        apiKey: API_KEY,
        secret: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5',
        token: 'smtp-pass-987',
      },
      'a request',
    );
    expectNoSecret(text());
    const [line] = lines() as Array<{ req: { headers: Record<string, string> }; body: Record<string, string>; apiKey: string }>;
    expect(line!.req.headers.authorization).toBe('[Redacted]');
    expect(line!.req.headers.cookie).toBe('[Redacted]');
    expect(line!.body.password).toBe('[Redacted]');
    expect(line!.body.email).toBe('a@example.com');
    expect(line!.apiKey).toBe('[Redacted]');
  });

  it('scrubs API keys, bearer tokens, webhook secrets and URL passwords out of messages and errors', () => {
    const { logger, text, lines } = capture();
    logger.error({ err: new Error(`connect to smtp://mailer:smtp-pass-987@mail.example:587 failed for ${API_KEY}`) }, 'send failed');
    logger.warn(`key ${API_KEY} used with Authorization: Bearer ${PASSWORD} and whsec_c2VjcmV0LXNpZ25pbmcta2V5`);
    expectNoSecret(text());
    const [err, warn] = lines() as Array<{ err?: { message: string; stack: string }; msg: string }>;
    expect(err!.err!.message).toBe('connect to smtp://mailer:[Redacted]@mail.example:587 failed for sk_live_…');
    expect(warn!.msg).toContain('sk_live_…');
    expect(scrub('no secrets here')).toBe('no secrets here');
  });
});

describe('the request id', () => {
  it('is the caller’s X-Request-Id when sane, a new UUID otherwise', () => {
    expect(requestId(new Headers({ 'x-request-id': 'edge-4f2a9c1b77d0' }))).toBe('edge-4f2a9c1b77d0');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(requestId(new Headers())).toMatch(uuid);
    for (const bad of ['short', 'has spaces in it', '"quoted-value-xx"', 'x'.repeat(200), '<script>alert-x</script>'])
      expect(requestId(new Headers({ 'x-request-id': bad }))).toMatch(uuid);
    expect(requestId(new Headers())).not.toBe(requestId(new Headers()));
  });

  it('tracking: answers carry X-Request-Id, and an unexpected error is logged with that id and no secret', async () => {
    const { logger, text, lines } = capture();
    setLogger(logger);
    const req = new Request('http://tracker.test/t/sale', {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'x-request-id': 'req-from-proxy-0001', cookie: 'a=session-cookie-value-abc' },
    });
    const res = await handle(fromWeb(req), async () => {
      throw new Error(`the database refused ${API_KEY} via smtp://u:smtp-pass-987@h`);
    });
    expect(res.status).toBe(500);
    expect(res.headers['x-request-id']).toBe('req-from-proxy-0001');
    expect(JSON.parse(String(res.body))).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
    const errors = lines().filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reqId: 'req-from-proxy-0001', msg: 'unexpected error' });
    expectNoSecret(text());

    // A known refusal is the client's business: answered, with an id, and not logged.
    const fresh = await handle(fromWeb(new Request('http://tracker.test/t/click', { method: 'POST' })), async () => {
      throw new AppError('invalid_request', 'account: required');
    });
    expect(fresh.status).toBe(400);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines()).toHaveLength(1);
  });

  it('a redirect is answered as it is, with the id', async () => {
    const res = await handle(fromWeb(new Request('http://tracker.test/t/click?to=x')), async () => ({
      status: 302,
      headers: { Location: 'https://shop.example/' },
      body: null,
    }));
    expect(res.status).toBe(302);
    expect(res.headers.Location).toBe('https://shop.example/');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('webhooks and the REST API echo the id too', async () => {
    const hook = await receiveWebhook(new Request('http://tracker.test/webhooks/nope?account=demo', { method: 'POST', body: '{}', headers: { 'x-request-id': 'hook-req-000001' } }), 'nope');
    expect(hook.status).toBe(404);
    expect(hook.headers.get('x-request-id')).toBe('hook-req-000001');
    const api = await handleApi(new Request('http://tracker.test/api/v1/no-such-thing', { headers: { authorization: `Bearer ${API_KEY}`, 'x-request-id': 'api-req-000001' } }), ['no-such-thing']);
    expect(api.status).toBe(404);
    expect(api.headers.get('x-request-id')).toBe('api-req-000001');
  });
});
