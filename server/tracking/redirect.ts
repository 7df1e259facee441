// Redirect mode's target check: there is no open redirect. Only an absolute
// http(s) URL whose hostname is one of the merchant's allowed domains passes.
import { AppError } from '../errors';

export function checkRedirectTarget(to: string, allowedDomains: string[]): URL {
  const refuse = (why: string) => new AppError('invalid_redirect', `to: ${why}`);
  // Browsers treat backslashes as slashes and strip tabs/newlines: refuse such input outright.
  if (/[\\\s\u0000-\u001f]/.test(to)) throw refuse('the target contains characters a URL may not.');
  if (!/^https?:\/\//i.test(to)) throw refuse('the target must be an absolute http(s) URL.');
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw refuse('the target is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('the target must be an http(s) URL.');
  if (url.username || url.password) throw refuse('the target may not carry credentials.');
  const host = url.hostname.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  const allowed = allowedDomains.map((d) => d.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, ''));
  if (!allowed.includes(host)) throw refuse(`${host} is not one of this account's allowed domains.`);
  return url;
}
