// Component tests: the components render to HTML (react-dom/server) with
// the real translations, in Chinese and in English.
import { renderToStaticMarkup } from 'react-dom/server';
import i18n from 'i18next';
import { beforeAll, describe, expect, test } from 'vitest';
import { ApiError } from '../api/client';
import { ReportProgress } from '../components/ReportProgress';
import { ErrorBox } from '../components/States';
import { initI18n } from '../i18n';
import { Meter } from './Billing';
import { historyOption } from './Listing';
import { UploadReport } from './Settings';

beforeAll(() => {
  initI18n('zh');
});

const inLang = async (lang: 'zh' | 'en', el: React.ReactElement) => {
  await i18n.changeLanguage(lang);
  return renderToStaticMarkup(el);
};
const text = (html: string) =>
  html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

describe('UploadReport', () => {
  const result = { accepted: 1234, errors: [{ row: 3, column: 'brand', message: 'brand is empty' }, { row: 7, column: null, message: 'expected 2 or 3 columns, found 5' }] };
  test('shows stored rows and every refused row with its line, column and reason', async () => {
    const html = await inLang('zh', <UploadReport result={result} />);
    expect(text(html)).toContain('已保存 1,234 行。');
    expect(text(html)).toContain('2 行未保存：');
    const rows = [...html.matchAll(/<tr><td class="num">(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1));
    expect(rows).toEqual([['3', 'brand', 'brand is empty'], ['7', '—', 'expected 2 or 3 columns, found 5']]);
  });
  test('English, and no error table when all rows were stored', async () => {
    const html = await inLang('en', <UploadReport result={{ accepted: 2, errors: [] }} />);
    expect(text(html)).toBe('2 rows stored.');
    expect(html).not.toContain('row-errors');
  });
});

describe('Meter', () => {
  test('a limit shows used of limit and warns from 80 %', async () => {
    const html = await inLang('en', <Meter label="Reports" used={8} limit={10} />);
    expect(text(html)).toContain('8 of 10');
    expect(html).toContain('width:80%');
    expect(text(html)).toContain('Close to the limit');
    const low = await inLang('en', <Meter label="Reports" used={1} limit={10} />);
    expect(text(low)).not.toContain('Close to the limit');
  });
  test('no limit is unlimited, without a bar', async () => {
    const html = await inLang('zh', <Meter label="报告" used={12000} limit={null} />);
    expect(text(html)).toContain('12,000 · 不限');
    expect(html).not.toContain('role="meter"');
  });
});

describe('ErrorBox', () => {
  test("shows the API's message, not a stack", async () => {
    const html = await inLang('zh', <ErrorBox error={new ApiError('no report "r9"', 'NOT_FOUND')} />);
    expect(text(html)).toBe('出错了：no report "r9"');
  });
  test('a network failure is named as such', async () => {
    const html = await inLang('en', <ErrorBox error={new ApiError('network', 'NETWORK')} />);
    expect(text(html)).toBe('Something went wrong: Cannot reach the server');
  });
});

describe('ReportProgress', () => {
  test('status and percent, clamped to 0–100', async () => {
    const r = { id: 'r', kind: 'MARKET' as const, status: 'RUNNING' as const, progress: 42.4, sector: 's', market: null, brand: null, createdAt: '', finishedAt: null, error: null };
    const html = await inLang('zh', <ReportProgress report={r} />);
    expect(text(html)).toBe('生成中 42%');
    expect(html).toContain('aria-valuenow="42"');
    const over = await inLang('en', <ReportProgress report={{ ...r, status: 'DONE', progress: 130 }} />);
    expect(text(over)).toBe('Done 100%');
  });
});

describe('historyOption', () => {
  const h = [
    { time: '2024-03-01T00:00:00Z', price: { amount: 10, currency: 'EUR', usd: 11 }, rating: 4, reviewCount: 1, salesRank: null },
    { time: '2024-03-02T00:00:00Z', price: null, rating: 4, reviewCount: 1, salesRank: null },
    { time: '2024-03-03T00:00:00Z', price: { amount: 12.5, currency: 'EUR', usd: 13 }, rating: 4, reviewCount: 2, salesRank: null },
  ];
  type O = { yAxis: { name: string; inverse?: boolean }[]; series: { name: string; data: unknown[]; yAxisIndex?: number }[] };
  test('price in its currency over time; observations without a price are skipped; no rank axis without ranks', () => {
    const o = historyOption(h, 'en', { price: 'Price', rank: 'Rank' }) as O;
    expect(o.yAxis).toHaveLength(1);
    expect(o.yAxis[0].name).toBe('EUR');
    expect(o.series).toHaveLength(1);
    expect(o.series[0].name).toBe('Price (EUR)');
    expect(o.series[0].data).toEqual([['2024-03-01T00:00:00Z', 10], ['2024-03-03T00:00:00Z', 12.5]]);
  });
  test('sales rank on a second, inverted axis', () => {
    const ranked = h.map((s, i) => ({ ...s, salesRank: i === 1 ? null : 100 - i }));
    const o = historyOption(ranked, 'zh', { price: '价格', rank: '排名' }) as O;
    expect(o.yAxis[1]).toMatchObject({ name: '排名', inverse: true });
    expect(o.series[1]).toMatchObject({ name: '排名', yAxisIndex: 1 });
    expect(o.series[1].data).toEqual([['2024-03-01T00:00:00Z', 100], ['2024-03-03T00:00:00Z', 98]]);
  });
});
