// A real receiving MTA for the mail tests (smtp-server), with what arrived parsed by
// mailparser. It can refuse (4xx or 5xx), stall, go down and come back on the same port.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
// @ts-expect-error — plain .mjs helper
import { freePort } from '../../scripts/test-server.mjs';

export interface Received {
  envelope: { from: string; to: string[] };
  raw: string;
  mail: ParsedMail;
}

export interface TestSmtp {
  url: string;
  port: number;
  received: Received[];
  /** `ok`: accept; `refuse`: 421 (retry later); `reject`: 550 (permanent); `stall`: never answer the data. */
  mode: 'ok' | 'refuse' | 'reject' | 'stall';
  /** Mails that arrived for this address. */
  to(address: string): Received[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const port: number = await freePort();
  let server: SMTPServer | undefined;
  const stalled: (() => void)[] = [];
  const smtp: TestSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received: [],
    mode: 'ok',
    to: (address) => smtp.received.filter((r) => r.envelope.to.includes(address.toLowerCase())),
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onRcptTo(_address, _session, cb) {
          if (smtp.mode === 'refuse') return cb(Object.assign(new Error('4.3.2 Service temporarily unavailable, try again'), { responseCode: 421 }));
          if (smtp.mode === 'reject') return cb(Object.assign(new Error('5.1.1 Mailbox unknown'), { responseCode: 550 }));
          cb();
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', async () => {
            if (smtp.mode === 'stall') {
              stalled.push(() => cb(new Error('stalled')));
              return;
            }
            const raw = Buffer.concat(chunks).toString('utf8');
            smtp.received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              },
              raw,
              mail: await simpleParser(raw),
            });
            cb();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async stop() {
      for (const s of stalled.splice(0)) s();
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
  };
  await smtp.start();
  return smtp;
}
