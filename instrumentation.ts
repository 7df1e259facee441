// Runs once when the server starts: opens the database, migrates and seeds the
// embedded one, and prints where to sign in.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { announceStart } = await import('./server/boot');
  await announceStart();
}
