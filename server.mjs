// `npm start`: one process, one HTTP server. The tracking endpoints (/t/*, /t.js and the PAP
// drop-in's /scripts/*) are answered on a lean node:http path (server/http/lean.ts), every
// other request by Next's own request handler — so the embedded PGlite stays one process's
// database, and a click costs a fraction of a route handler's CPU (bench/RESULTS.md).
// The route handlers under app/t/ and app/scripts/ serve the same endpoints from the same
// table under `next dev` and on serverless hosts. LEAN_TRACKING=0 sends them through Next too.
//
// Options as `next start` takes them: -p/--port (else PORT, else 3000), -H/--hostname
// (else HOSTNAME, else every interface), --keepAliveTimeout <ms>.
import http from 'node:http';
import next from 'next';

function option(names, fallback) {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name) return args[i + 1];
      if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
  }
  return fallback;
}

const port = Number(option(['-p', '--port'], process.env.PORT ?? '3000'));
const hostname = option(['-H', '--hostname'], process.env.HOSTNAME);
const keepAliveTimeout = option(['--keepAliveTimeout'], undefined);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`server.mjs: "${port}" is not a port number`);
  process.exit(1);
}
process.env.NODE_ENV = 'production';

const app = next({ dev: false, hostname: hostname ?? 'localhost', port });
const nextHandler = app.getRequestHandler();
await app.prepare();

const lean = process.env.LEAN_TRACKING !== '0';
const server = http.createServer((req, res) => {
  // Installed by instrumentation.ts once Next has loaded the app; until then Next serves all.
  const serveLean = lean ? globalThis.__affServeLean : undefined;
  if (serveLean && serveLean(req, res)) return;
  void nextHandler(req, res);
});
if (keepAliveTimeout !== undefined) server.keepAliveTimeout = Number(keepAliveTimeout);
server.on('error', (err) => {
  console.error(`server.mjs: ${err.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const where = hostname ?? 'localhost';
  console.log(`▲ Ready on http://${where.includes(':') ? `[${where}]` : where}:${port}${lean ? ' (tracking on the lean path)' : ''}`);
});

for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
