// Small helpers of the portal pages.

/** Splits a comma (or 、，;；newline) separated list, dropping blanks. */
export function splitList(s: string): string[] {
  return s.split(/[,，、;；\n]/).map((x) => x.trim()).filter(Boolean);
}

export function pct(x: number | null | undefined): string {
  return x == null ? '–' : `${Math.round(x * 100)}%`;
}

/** The name of sector slug in lang, or the slug itself. */
export function sectorName(sectors: { slug: string; name: { zh: string; en: string } }[], slug: string, lang: 'zh' | 'en'): string {
  return sectors.find((s) => s.slug === slug)?.name[lang] ?? slug;
}
