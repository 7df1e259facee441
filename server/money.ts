// All money math: parse, percent of, prorate, format. Amounts are integer minor
// units (cents) held in JS numbers below 10^13; every product goes through BigInt,
// so no float ever touches money. Rounding: half up, to the minor unit.
import { AppError } from './errors';

/** ISO 4217 minor-unit exponents of the active currencies; those not listed here use 2. */
const EXPONENT_NOT_2: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

// prettier-ignore
const ISO_4217 = new Set((
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
  'GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW ' +
  'KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN ' +
  'NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL ' +
  'SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES ' +
  'VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL'
).split(' '));

/**
 * ISO 4217's funds codes (units of account, not circulating money): a sale in one is
 * refused, or a fixed rule of 2.00 could pay 2.0000 CLF (~20×) or a price in UYI.
 */
export const FUNDS_CODES = new Set(['BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW']);

/** Amounts of 10^13 minor units or more are refused (the contract's ceiling). */
export const MAX_MINOR = 10 ** 13;

/** The currency's number of decimals, or undefined for a code that is not an active ISO 4217 currency. */
export function currencyExponent(currency: string): number | undefined {
  const code = currency.toUpperCase();
  if (!ISO_4217.has(code)) return undefined;
  return EXPONENT_NOT_2[code] ?? 2;
}

/** A circulating ISO 4217 currency (funds codes are not). */
export function isCurrency(currency: string): boolean {
  return currencyExponent(currency) !== undefined && !FUNDS_CODES.has(currency.toUpperCase());
}

/** Why a code is not accepted as a sale's currency, for the error message; undefined when it is. */
export function currencyProblem(currency: string): string | undefined {
  if (FUNDS_CODES.has(currency.toUpperCase())) return `${currency} is an ISO 4217 funds code, not a circulating currency`;
  if (!isCurrency(currency)) return `${currency} is not an ISO 4217 currency`;
  return undefined;
}

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * Major units as given by a caller (`"120.50"`, `120.5`) → integer minor units.
 * Refuses negatives, exponents, NaN, empty strings, more decimals than the
 * currency has and amounts of 10^13 minor units or more.
 */
export function parseAmount(input: unknown, currency: string, field = 'total'): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new AppError('invalid_request', `currency: ${String(currency).slice(0, 8)} is not an ISO 4217 currency.`);
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new AppError('invalid_request', `${field}: must be a finite number.`);
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw new AppError('invalid_request', `${field}: must be a decimal number in major units, e.g. "120.50".`);
  }
  const m = DECIMAL_RE.exec(text);
  if (!m) {
    const why = text.startsWith('-') ? 'must not be negative' : 'must be a plain decimal number, e.g. "120.50"';
    throw new AppError('invalid_request', `${field}: ${why}.`);
  }
  const [, whole, frac = ''] = m;
  if (frac.length > exponent)
    throw new AppError('invalid_request', `${field}: ${currency.toUpperCase()} has ${exponent} decimal${exponent === 1 ? '' : 's'} at most.`);
  const minor = BigInt(whole!) * 10n ** BigInt(exponent) + BigInt(frac.padEnd(exponent, '0') || '0');
  if (minor >= BigInt(MAX_MINOR)) throw new AppError('invalid_request', `${field}: amount too large.`);
  return Number(minor);
}

/** `a * numerator / denominator`, rounded half up (for non-negative values; negatives round half away from zero). */
export function mulDivRound(a: number, numerator: number, denominator: number): number {
  if (denominator === 0) throw new RangeError('division by zero');
  const n = BigInt(a) * BigInt(numerator);
  const d = BigInt(denominator);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return Number(neg ? -q : q);
}

/** Percent of an amount, the percent in basis points (1000 = 10 %), rounded half up. */
export function percentOf(amountMinor: number, basisPoints: number): number {
  return mulDivRound(amountMinor, basisPoints, 10_000);
}

/** What is left of a commission after part of its order was refunded, in proportion, rounded half up. */
export function prorate(amountMinor: number, remaining: number, total: number): number {
  if (total <= 0) return 0;
  return mulDivRound(amountMinor, Math.max(0, remaining), total);
}

/** Minor units → the plain major-unit string (`1205`, USD → `"12.05"`). */
export function toMajorString(minor: number, currency: string): string {
  const exponent = currencyExponent(currency) ?? 2;
  const neg = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const frac = exponent > 0 ? '.' + digits.slice(digits.length - exponent) : '';
  return (neg ? '-' : '') + whole + frac;
}

/** Minor units → a human string such as `$12.05` (display only). */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const exponent = currencyExponent(currency) ?? 2;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(Number(toMajorString(minor, currency)));
}
