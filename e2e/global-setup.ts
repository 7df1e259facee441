// Starts the built app (its own database) for the browser tests; workers read BASE_URL.
// @ts-expect-error — plain .mjs helper shared with vitest
import { startTestServer } from '../scripts/test-server.mjs';

export default async function globalSetup() {
  const server = await startTestServer({ label: 'e2e' });
  process.env.BASE_URL = server.baseURL;
  return async () => {
    await server.stop();
  };
}
