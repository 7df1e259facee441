// Starts the built app once for the HTTP integration tests (npm test builds it first).
import type { TestProject } from 'vitest/node';
// @ts-expect-error — a plain .mjs module shared with Playwright and scripts/test.mjs
import { startTestServer } from '../../scripts/test-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer({ label: 'vitest' });
  project.provide('baseURL', server.baseURL);
  return async () => {
    await server.stop();
  };
}
