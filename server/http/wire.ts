// The tracker's own request and answer: what the tracking core (server/tracking,
// server/pap) reads of a request and what it answers, with no framework in between.
// Two thin adapters carry them: server/http/lean.ts over node:http (what `npm start`
// serves) and server/http/web.ts over the Fetch API's Request/Response (the route
// handlers under app/t/, for `next dev` and serverless hosts). One core, two edges.

/** Headers read by lower-case name; several values of one name come joined, as Fetch joins them. */
export interface HeaderGetter {
  get(name: string): string | null;
}

export interface WireRequest {
  /** Upper case, as sent. */
  readonly method: string;
  /** The path without the query: `/t/click`. */
  readonly path: string;
  /** The raw query string without its `?` (empty when there is none). */
  readonly query: string;
  readonly headers: HeaderGetter;
  /** Whether the connection itself is TLS (`next start` and `npm start` serve plain HTTP; a proxy in front may not). */
  readonly tls: boolean;
  /**
   * The body, refused with `payload_too_large` (413, `Connection: close`) as soon as it passes
   * `max` bytes: by its Content-Length up front, and while streaming for a body that declares none.
   */
  body(max: number): Promise<Buffer>;
}

/** An answer: written as is by the lean path, turned into a Response by the route handlers. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer | null;
  /**
   * The body gzipped, for an edge that compresses by itself (the lean path sends it to a
   * client that takes gzip); the route handlers leave compression to Next and ignore it.
   */
  gzip?: Buffer;
}

/** The query's fields; a name given twice keeps its last value. */
export function queryFields(req: WireRequest): Record<string, string> {
  return req.query === '' ? {} : Object.fromEntries(new URLSearchParams(req.query));
}
