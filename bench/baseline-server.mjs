// The benchmark's floor: a bare node:http server that parses the same click JSON
// and does one INSERT of a click row per request through `postgres` (no Next.js,
// no validation, no lookups: affiliate ids are read once at start).
// DATABASE_URL=… PORT=… node bench/baseline-server.mjs
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {}, prepare: true });
const affiliates = new Map((await sql`select ref_id, id, merchant_id from affiliates`).map((r) => [`${r.merchant_id}:${r.ref_id}`, r.id]));
const campaigns = new Map((await sql`select merchant_id, id from campaigns where is_default`).map((r) => [r.merchant_id, r.id]));

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => (body += d));
  req.on('end', async () => {
    try {
      const b = JSON.parse(body);
      const affiliateId = affiliates.get(`${b.account}:${b.aff}`);
      if (!affiliateId) {
        res.writeHead(404).end();
        return;
      }
      const visitorId = randomBytes(16).toString('hex');
      await sql`insert into clicks (merchant_id, visitor_id, affiliate_id, campaign_id, channel, data1, data2, url, referrer, ip, user_agent)
        values (${b.account}, ${visitorId}, ${affiliateId}, ${campaigns.get(b.account)}, ${b.channel ?? null}, ${b.data1 ?? null},
                ${b.data2 ?? null}, ${b.url ?? null}, ${b.referrer ?? null}, ${req.socket.remoteAddress}, ${req.headers['user-agent'] ?? null})`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ visitorId }));
    } catch {
      res.writeHead(500).end();
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline ready'));
const stop = () => server.close(() => sql.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
