// Runs once when the server starts: stamps each request with its socket address (for
// the client IP), hands the lean tracking path to server.mjs, opens the database,
// migrates and seeds the embedded one, and prints where to sign in; then starts the
// outbox worker that delivers mail.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddress } = await import('./server/http/peer-address');
  installPeerAddress();
  // For server.mjs (`npm start`): the tracking endpoints on the lean node:http path.
  const { installLeanTracking } = await import('./server/http/lean');
  installLeanTracking();
  const { announceStart, startBackgroundWork } = await import('./server/boot');
  // Not awaited: Next.js holds every request until register() returns, and /healthz must
  // answer 503 (starting) while the embedded database is migrated and seeded.
  void announceStart();
  startBackgroundWork();
}
