// Runs once when the server starts: stamps each request with its socket address (for
// the client IP), opens the database, migrates and seeds the embedded one, and prints
// where to sign in; then starts the outbox worker that delivers mail.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddress } = await import('./server/http/peer-address');
  installPeerAddress();
  const { announceStart, startBackgroundWork } = await import('./server/boot');
  await announceStart();
  startBackgroundWork();
}
