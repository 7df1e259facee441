// GET /favicon.ico — browsers and crawlers ask for it on every site: answer with the app's
// icon (app/icon.svg, which the pages link to) instead of a 404.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const dynamic = 'force-static';

export async function GET() {
  const svg = await readFile(path.join(process.cwd(), 'app', 'icon.svg'));
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' } });
}
