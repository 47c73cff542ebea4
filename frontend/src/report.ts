// The parts of the market report document (analytics/README.md, type
// "market", version 1) that the app draws, and the chart options built from
// them. Every figure is {value, unit, status, reason, ...}.
import type { EChartsCoreOption } from 'echarts/core';
import { formatCompact, type Lang } from './format';

export type Figure = { value: number | null; unit: string; status: 'ok' | 'no_data' | 'not_defined'; reason?: string; note?: string; definition?: string; records?: number };
export type MarketTrade = {
  market: string;
  size: Figure;
  trend: { year: number; figure: Figure }[];
  cagr: Figure;
  chinaShare: Figure;
  unitValue: Figure;
  chinaUnitValue?: Figure;
  detail?: { hhi: Figure };
};
export type OpportunityPart = { name: string; input: Figure; scaled: number; weight: number; contribution: number };
export type MarketReport = {
  type: 'market';
  generatedAt: string;
  market?: string;
  sector: { slug: string; name: { zh: string; en: string } };
  period: { from: string; to: string };
  records: { tradeFlows: number; listings: number; reviews: number };
  trade: { yearsAvailable: number[]; markets: MarketTrade[] };
  opportunity: { method: string; markets: { market: string; rank: number; score: Figure; parts: OpportunityPart[] | null; reason?: string }[] };
  retailVsCustoms?: { market: string; retailPerKg: Figure; customsPerKg: Figure; ratio: Figure }[] | null;
  sources?: unknown;
  notes?: string[] | null;
  marketplace: { market: string; listings: Figure; priceP10: Figure; priceP25: Figure; priceMedian: Figure; priceP75: Figure; priceP90: Figure }[] | null;
};

export function isMarketReport(x: unknown): x is MarketReport {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'market';
}

export const val = (f: Figure | undefined | null) => (f && f.status === 'ok' ? f.value : null);

const palette = ['#0b5cad', '#e07b00', '#067647', '#9e1f63', '#5b48c2', '#4d7c0f', '#b42318', '#0e7490'];
const axisLabel = (lang: Lang) => ({ formatter: (v: number) => formatCompact(v, lang) });

export function sizeOption(r: MarketReport, lang: Lang, usd: string): EChartsCoreOption {
  const ms = r.trade.markets.filter((m) => val(m.size) != null).slice(0, 15);
  return {
    color: palette,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${formatCompact(v, lang)} ${usd}` },
    grid: { left: 70, right: 16, top: 16, bottom: 30 },
    xAxis: { type: 'category', data: ms.map((m) => m.market) },
    yAxis: { type: 'value', axisLabel: axisLabel(lang) },
    series: [{ type: 'bar', data: ms.map((m) => val(m.size)) }],
  };
}

export function opportunityOption(r: MarketReport, partNames: Record<string, string>): EChartsCoreOption {
  const ranked = r.opportunity.markets.filter((m) => m.rank > 0 && m.parts).sort((a, b) => a.rank - b.rank).slice(0, 12).reverse();
  const names = ['size', 'growth', 'gap'];
  return {
    color: palette,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => v.toFixed(1) },
    legend: { top: 0 },
    grid: { left: 50, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'value', max: 100 },
    yAxis: { type: 'category', data: ranked.map((m) => m.market) },
    series: names.map((n) => ({
      name: partNames[n] ?? n,
      type: 'bar',
      stack: 'score',
      data: ranked.map((m) => m.parts?.find((p) => p.name === n)?.contribution ?? 0),
    })),
  };
}

export function trendOption(r: MarketReport, lang: Lang, usd: string): EChartsCoreOption {
  const years = r.trade.yearsAvailable;
  const ms = r.trade.markets.slice(0, 6);
  return {
    color: palette,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${formatCompact(v, lang)} ${usd}` },
    legend: { top: 0 },
    grid: { left: 70, right: 16, top: 32, bottom: 30 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', axisLabel: axisLabel(lang) },
    series: ms.map((m) => ({
      name: m.market,
      type: 'line',
      data: years.map((y) => val(m.trend.find((p) => p.year === y)?.figure)),
    })),
  };
}

export function shareOption(r: MarketReport): EChartsCoreOption {
  const ms = r.trade.markets.filter((m) => val(m.chinaShare) != null).slice(0, 15);
  return {
    color: ['#b42318'],
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)}%` },
    grid: { left: 50, right: 16, top: 16, bottom: 30 },
    xAxis: { type: 'category', data: ms.map((m) => m.market) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [{ type: 'bar', data: ms.map((m) => val(m.chinaShare)) }],
  };
}

/** Import unit value (USD/kg): the market's against China's, per market. */
export function unitValueOption(r: MarketReport, names: { market: string; china: string }): EChartsCoreOption {
  const ms = r.trade.markets.filter((m) => val(m.unitValue) != null || val(m.chinaUnitValue) != null).slice(0, 12);
  return {
    color: ['#0b5cad', '#b42318'],
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (v == null ? '—' : `${v.toFixed(2)} USD/kg`) },
    legend: { top: 0 },
    grid: { left: 50, right: 16, top: 32, bottom: 30 },
    xAxis: { type: 'category', data: ms.map((m) => m.market) },
    yAxis: { type: 'value', name: 'USD/kg' },
    series: [
      { name: names.market, type: 'bar', data: ms.map((m) => val(m.unitValue)) },
      { name: names.china, type: 'bar', data: ms.map((m) => val(m.chinaUnitValue)) },
    ],
  };
}

/** Supplier concentration (HHI, 0–10,000) of the markets that have a partner breakdown. */
export function hhiOption(r: MarketReport): EChartsCoreOption {
  const ms = r.trade.markets.filter((m) => val(m.detail?.hhi) != null);
  return {
    color: ['#5b48c2'],
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => v.toFixed(0) },
    grid: { left: 60, right: 48, top: 16, bottom: 30 },
    xAxis: { type: 'category', data: ms.map((m) => m.market) },
    yAxis: { type: 'value', max: 10000 },
    series: [{
      type: 'bar',
      data: ms.map((m) => val(m.detail?.hhi)),
      markLine: { silent: true, symbol: 'none', label: { formatter: '{c}' }, data: [{ yAxis: 1500 }, { yAxis: 2500 }] },
    }],
  };
}

/** Retail price per kg on the marketplaces against the customs unit value. */
export function gapOption(r: MarketReport, names: { retail: string; customs: string }): EChartsCoreOption {
  const rows = (r.retailVsCustoms ?? []).filter((g) => val(g.retailPerKg) != null || val(g.customsPerKg) != null);
  return {
    color: ['#e07b00', '#067647'],
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (v == null ? '—' : `${v.toFixed(2)} USD/kg`) },
    legend: { top: 0 },
    grid: { left: 50, right: 16, top: 32, bottom: 30 },
    xAxis: { type: 'category', data: rows.map((g) => g.market) },
    yAxis: { type: 'value', name: 'USD/kg' },
    series: [
      { name: names.retail, type: 'bar', data: rows.map((g) => val(g.retailPerKg)) },
      { name: names.customs, type: 'bar', data: rows.map((g) => val(g.customsPerKg)) },
    ],
  };
}

export const hasGap = (r: MarketReport) => (r.retailVsCustoms ?? []).some((g) => val(g.retailPerKg) != null && val(g.customsPerKg) != null);
