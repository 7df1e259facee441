// A click's user-agent as a person reads it: browser, operating system, device.
import Bowser from 'bowser';

export interface ParsedUserAgent {
  browser: string;
  os: string;
  device: string;
}

export function parseUserAgent(ua: string | null | undefined): ParsedUserAgent {
  if (!ua) return { browser: '—', os: '—', device: '—' };
  try {
    const r = Bowser.parse(ua);
    const name = (n?: string, v?: string) => (n ? `${n}${v ? ` ${v.split('.')[0]}` : ''}` : 'Unknown');
    return {
      browser: name(r.browser.name, r.browser.version),
      os: name(r.os.name, r.os.versionName ?? r.os.version),
      device: r.platform.type ? r.platform.type[0]!.toUpperCase() + r.platform.type.slice(1) : 'Unknown',
    };
  } catch {
    return { browser: 'Unknown', os: 'Unknown', device: 'Unknown' };
  }
}

/** Device type, browser and OS family without versions, as reports group clicks; null without a user-agent. */
export function userAgentFamily(ua: string | null | undefined): { device: string | null; browser: string | null; os: string | null } {
  if (!ua) return { device: null, browser: null, os: null };
  try {
    const r = Bowser.parse(ua);
    return {
      device: r.platform.type ? r.platform.type[0]!.toUpperCase() + r.platform.type.slice(1) : 'Unknown',
      browser: r.browser.name || 'Unknown',
      os: r.os.name || 'Unknown',
    };
  } catch {
    return { device: 'Unknown', browser: 'Unknown', os: 'Unknown' };
  }
}
