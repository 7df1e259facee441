import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { currencyExponent, formatMoney, mulDivRound, parseAmount, percentOf, prorate, toMajorString } from '@/server/money';

const rejects = (input: unknown, currency = 'USD') => {
  expect(() => parseAmount(input, currency)).toThrow(AppError);
  try {
    parseAmount(input, currency);
  } catch (e) {
    expect((e as AppError).code).toBe('invalid_request');
  }
};

describe('parseAmount', () => {
  it('reads major units with the currency exponent (USD 2, JPY 0, BHD 3)', () => {
    expect(parseAmount('120.50', 'USD')).toBe(12050);
    expect(parseAmount(120.5, 'USD')).toBe(12050);
    expect(parseAmount('120', 'USD')).toBe(12000);
    expect(parseAmount('1000', 'JPY')).toBe(1000);
    expect(parseAmount('10.005', 'BHD')).toBe(10005);
    expect(parseAmount('0', 'USD')).toBe(0);
    expect(parseAmount(' 7.1 ', 'usd')).toBe(710);
  });

  it('refuses more decimals than the currency has', () => {
    rejects('12.345', 'USD');
    rejects('1.5', 'JPY');
    rejects('1.2345', 'BHD');
    rejects(0.1 + 0.2, 'USD'); // 0.30000000000000004: a float artefact is not silently rounded
  });

  it('refuses negatives, exponents, NaN, empty and non-numbers', () => {
    for (const bad of ['-1', '1e3', 'NaN', '', ' ', 'abc', '+1', '1,5', '0x10', '.5', '5.', NaN, Infinity, -1, null, true, {}, []]) rejects(bad);
  });

  it('refuses 10^13 minor units or more', () => {
    expect(parseAmount('99999999999.99', 'USD')).toBe(10 ** 13 - 1);
    rejects('100000000000', 'USD');
    rejects('10000000000000', 'JPY');
    expect(parseAmount('9999999999999', 'JPY')).toBe(10 ** 13 - 1);
  });

  it('refuses unknown currencies', () => {
    rejects('1', 'XYZ');
    rejects('1', 'XAU'); // a metal, no minor unit
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    expect(currencyExponent('XYZ')).toBeUndefined();
  });
});

describe('rounding: half up to the minor unit', () => {
  it('percentOf', () => {
    expect(percentOf(12050, 1000)).toBe(1205);
    expect(percentOf(10005, 1000)).toBe(1001); // 1000.5 → 1001
    expect(percentOf(10004, 1000)).toBe(1000); // 1000.4 → 1000
    expect(percentOf(5, 1000)).toBe(1); // 0.5 → 1
    expect(percentOf(4, 1000)).toBe(0);
    expect(percentOf(9_999_999_999_999, 10_000)).toBe(9_999_999_999_999); // no float overflow
    expect(percentOf(9_999_999_999_999, 333)).toBe(333_000_000_000); // 332999999999.96667 → up
  });

  it('prorate', () => {
    expect(prorate(1000, 5000, 10000)).toBe(500);
    expect(prorate(1001, 5000, 10000)).toBe(501); // 500.5 → 501
    expect(prorate(1000, 0, 10000)).toBe(0);
    expect(prorate(1000, 3333, 10000)).toBe(333);
  });

  it('mulDivRound rounds negatives half away from zero', () => {
    expect(mulDivRound(-5, 1, 10)).toBe(-1);
    expect(mulDivRound(-4, 1, 10)).toBe(0);
  });
});

describe('formatting', () => {
  it('writes major units in the currency exponent', () => {
    expect(toMajorString(1205, 'USD')).toBe('12.05');
    expect(toMajorString(5, 'USD')).toBe('0.05');
    expect(toMajorString(-5, 'USD')).toBe('-0.05');
    expect(toMajorString(1000, 'JPY')).toBe('1000');
    expect(toMajorString(10005, 'BHD')).toBe('10.005');
    expect(formatMoney(120050, 'USD')).toBe('$1,200.50');
    expect(formatMoney(1000, 'JPY')).toBe('¥1,000');
  });
});
