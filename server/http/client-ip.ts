// The client's address: the first X-Forwarded-For entry (Next's server sets it from
// the socket when no proxy did), with IPv4-mapped IPv6 (::ffff:1.2.3.4) written as IPv4.
export function clientIpOf(headers: { get(name: string): string | null }): string {
  const raw = headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip')?.trim() || '';
  const ip = raw.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return ip || 'unknown';
}
