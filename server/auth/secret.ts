// The key that signs session tokens. Set AUTH_SECRET (or NEXTAUTH_SECRET) in production;
// the embedded database keeps a generated one next to its data so sessions survive restarts.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { databaseKind, env } from '../env';
import { log } from '@/lib/log';

// On globalThis: Next bundles this module into several chunks (route handlers, pages),
// and a generated secret must be one per process, not one per chunk.
const g = globalThis as typeof globalThis & { __affAuthSecret?: string };

export function authSecret(): string {
  g.__affAuthSecret ??= resolveSecret();
  return g.__affAuthSecret;
}

function resolveSecret(): string {
  let secret: string | undefined;
  const e = env();
  secret = e.AUTH_SECRET ?? e.NEXTAUTH_SECRET;
  if (secret) return secret;
  if (databaseKind() === 'pglite-file') {
    const file = path.resolve(e.DATA_DIR, 'auth-secret');
    try {
      secret = fs.readFileSync(file, 'utf8').trim();
    } catch {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      secret = randomBytes(32).toString('base64url');
      fs.writeFileSync(file, secret, { mode: 0o600 });
    }
    return secret;
  }
  if (databaseKind() === 'postgres' && e.NODE_ENV === 'production') {
    log().warn({ component: 'auth' }, 'AUTH_SECRET is not set: sessions end when this process restarts. Set it in production.');
  }
  secret = randomBytes(32).toString('base64url');
  return secret;
}
