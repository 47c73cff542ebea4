// Number formatting for the chosen language: 万 and 亿 in Chinese, thousands
// separators and K/M/B in English. Currencies are always labelled.

export type Lang = 'zh' | 'en';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-US');

function fixed(n: number, lang: Lang, digits: number): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(n);
}

/** A plain number with grouping: 1,234,567.89. */
export function formatNumber(n: number | null | undefined, lang: Lang, digits = 2): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return fixed(n, lang, digits);
}

/** A large number in the language's units: 1.23亿 / 4,567万 in Chinese, 123.4M in English. */
export function formatCompact(n: number | null | undefined, lang: Lang): string {
  if (n == null || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  if (lang === 'zh') {
    if (a >= 1e12) return `${fixed(n / 1e12, lang, 2)}万亿`;
    if (a >= 1e8) return `${fixed(n / 1e8, lang, 2)}亿`;
    if (a >= 1e4) return `${fixed(n / 1e4, lang, a >= 1e7 ? 0 : 2)}万`;
    return fixed(n, lang, 2);
  }
  if (a >= 1e12) return `${fixed(n / 1e12, lang, 2)}T`;
  if (a >= 1e9) return `${fixed(n / 1e9, lang, 2)}B`;
  if (a >= 1e6) return `${fixed(n / 1e6, lang, 2)}M`;
  if (a >= 1e4) return `${fixed(n / 1e3, lang, 1)}K`;
  return fixed(n, lang, 2);
}

const currencyZh: Record<string, string> = { USD: '美元', CNY: '元', EUR: '欧元', JPY: '日元', GBP: '英镑', RUB: '卢布', KRW: '韩元' };

/** Money with its currency: "1.23亿 美元" in Chinese, "USD 123.45M" in English. */
export function formatMoney(n: number | null | undefined, currency: string, lang: Lang, compact = true): string {
  if (n == null || !Number.isFinite(n)) return '—';
  const v = compact ? formatCompact(n, lang) : formatNumber(n, lang, 2);
  return lang === 'zh' ? `${v} ${currencyZh[currency] ?? currency}` : `${currency} ${v}`;
}

/** A value already in percent (12.5 → "12.5%"); signed adds + to gains. */
export function formatPercent(n: number | null | undefined, lang: Lang, signed = false, digits = 1): string {
  if (n == null || !Number.isFinite(n)) return '—';
  const s = fixed(n, lang, digits);
  return `${signed && n > 0 ? '+' : ''}${s}%`;
}

/** A date (RFC 3339) in the language's style. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale(lang), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
