// What a landing page error says when no domain is allowed yet: the merchant is told what to
// do, an affiliate whom to ask; a domain outside the list names the list.
import { describe, expect, it } from 'vitest';
import { landingError } from '@/server/links';

describe('landingError', () => {
  it('tells the merchant to add an allowed domain, and an affiliate to ask the merchant', () => {
    expect(landingError('https://shop.example.com/', [], 'merchant')).toBe(
      'No domain is allowed yet: add your site’s domain under Allowed domains (Integration page) first, then links can point to it.',
    );
    expect(landingError('https://shop.example.com/', [])).toBe('This program has not allowed any domain for links yet: ask the merchant to add its site.');
  });
  it('names the allowed domains for a page elsewhere, and accepts one of them', () => {
    expect(landingError('https://evil.example/', ['shop.example.com', 'blog.example.com'], 'merchant')).toBe(
      'Links may point to shop.example.com, blog.example.com only.',
    );
    expect(landingError('https://SHOP.example.com/x', ['shop.example.com'])).toBeUndefined();
    expect(landingError('shop.example.com', ['shop.example.com'])).toBe('Enter a full address, starting with https://');
  });
});
