import { describe, expect, test } from 'vitest';
import { formatCompact, formatDate, formatMoney, formatNumber, formatPercent } from './format';

describe('formatCompact', () => {
  const cases: [number, string, string][] = [
    [0, '0', '0'],
    [9999, '9,999', '9,999'],
    [12345, '1.23万', '12.3K'],
    [6551311, '655.13万', '6.55M'],
    [45_670_000, '4,567万', '45.67M'],
    [123_456_789, '1.23亿', '123.46M'],
    [2_500_000_000, '25亿', '2.5B'],
    [-150_000_000, '-1.5亿', '-150M'],
    [3.2e12, '3.2万亿', '3.2T'],
  ];
  test.each(cases)('%d → zh %s, en %s', (n, zh, en) => {
    expect(formatCompact(n, 'zh')).toBe(zh);
    expect(formatCompact(n, 'en')).toBe(en);
  });
  test('missing values', () => {
    expect(formatCompact(null, 'zh')).toBe('—');
    expect(formatCompact(Number.NaN, 'en')).toBe('—');
  });
});

describe('formatMoney', () => {
  test('labels the currency', () => {
    expect(formatMoney(123_456_789, 'USD', 'zh')).toBe('1.23亿 美元');
    expect(formatMoney(123_456_789, 'USD', 'en')).toBe('USD 123.46M');
    expect(formatMoney(19.9, 'EUR', 'zh', false)).toBe('19.9 欧元');
    expect(formatMoney(1234.5, 'EUR', 'en', false)).toBe('EUR 1,234.5');
    expect(formatMoney(10, 'XYZ', 'zh')).toBe('10 XYZ');
    expect(formatMoney(undefined, 'USD', 'en')).toBe('—');
  });
});

describe('formatNumber, formatPercent, formatDate', () => {
  test('numbers', () => {
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatNumber(1234567.891, 'zh')).toBe('1,234,567.89');
    expect(formatNumber(4.25, 'en', 1)).toBe('4.3');
  });
  test('percent', () => {
    expect(formatPercent(12.966, 'zh')).toBe('13%');
    expect(formatPercent(5.81, 'en', true)).toBe('+5.8%');
    expect(formatPercent(-2.04, 'en', true)).toBe('-2%');
    expect(formatPercent(null, 'en')).toBe('—');
  });
  test('dates', () => {
    expect(formatDate('2024-03-05T10:00:00Z', 'zh')).toBe('2024/03/05');
    expect(formatDate('2024-03-05T10:00:00Z', 'en')).toBe('03/05/2024');
    expect(formatDate('garbage', 'en')).toBe('—');
  });
});
