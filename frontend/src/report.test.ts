import { describe, expect, test } from 'vitest';
import { gapOption, hasGap, hhiOption, unitValueOption, type Figure, type MarketReport } from './report';

const ok = (value: number): Figure => ({ value, unit: 'x', status: 'ok' });
const none = (reason: string): Figure => ({ value: null, unit: 'x', status: 'not_defined', reason });

function report(): MarketReport {
  const m = (market: string, unit: Figure, china: Figure, hhi?: Figure) => ({
    market, size: ok(1), trend: [], cagr: ok(0), chinaShare: ok(10), unitValue: unit, chinaUnitValue: china, detail: hhi ? { hhi } : undefined,
  });
  return {
    type: 'market', generatedAt: '2026-01-01T00:00:00Z', sector: { slug: 's', name: { zh: '镁', en: 'Mg' } }, period: { from: '2019', to: '2023' },
    records: { tradeFlows: 1, listings: 1, reviews: 0 },
    trade: { yearsAvailable: [2023], markets: [m('DE', ok(1.3), ok(2.05), ok(1924)), m('JP', ok(1.45), none('no weight'), none('no partners')), m('XX', none('a'), none('b'))] },
    opportunity: { method: '', markets: [] },
    marketplace: null,
    retailVsCustoms: [
      { market: 'DE', retailPerKg: ok(4.2), customsPerKg: ok(1.3), ratio: ok(3.2) },
      { market: 'JP', retailPerKg: none('no title states a weight'), customsPerKg: ok(1.45), ratio: none('no title states a weight') },
    ],
  };
}

type Series = { name?: string; data: unknown[] }[];

describe('dashboard charts from the report document', () => {
  test('unit values: market and China side by side, a figure that is not ok is a gap, markets without either are left out', () => {
    const o = unitValueOption(report(), { market: 'M', china: 'C' }) as { xAxis: { data: string[] }; series: Series };
    expect(o.xAxis.data).toEqual(['DE', 'JP']);
    expect(o.series.map((s) => s.name)).toEqual(['M', 'C']);
    expect(o.series[0].data).toEqual([1.3, 1.45]);
    expect(o.series[1].data).toEqual([2.05, null]);
  });

  test('HHI: only markets with a partner breakdown', () => {
    const o = hhiOption(report()) as { xAxis: { data: string[] }; series: Series };
    expect(o.xAxis.data).toEqual(['DE']);
    expect(o.series[0].data).toEqual([1924]);
  });

  test('retail vs customs', () => {
    const r = report();
    const o = gapOption(r, { retail: 'R', customs: 'K' }) as { xAxis: { data: string[] }; series: Series };
    expect(o.xAxis.data).toEqual(['DE', 'JP']);
    expect(o.series[0].data).toEqual([4.2, null]);
    expect(o.series[1].data).toEqual([1.3, 1.45]);
    expect(hasGap(r)).toBe(true);
    r.retailVsCustoms = r.retailVsCustoms!.slice(1);
    expect(hasGap(r)).toBe(false);
    r.retailVsCustoms = null;
    expect(hasGap(r)).toBe(false);
  });
});
