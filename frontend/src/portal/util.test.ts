import { describe, expect, it } from 'vitest';
import { pct, sectorName, splitList } from './util';

describe('splitList', () => {
  it('splits on Latin and Chinese separators and drops blanks', () => {
    expect(splitList('magnesium oxide, 氧化镁，镁砂、 ;fused magnesia\n')).toEqual(['magnesium oxide', '氧化镁', '镁砂', 'fused magnesia']);
    expect(splitList('  ')).toEqual([]);
  });
});

describe('pct', () => {
  it('rounds a rate to whole percent and shows a dash for none', () => {
    expect(pct(0.666)).toBe('67%');
    expect(pct(1)).toBe('100%');
    expect(pct(null)).toBe('–');
  });
});

describe('sectorName', () => {
  const sectors = [{ slug: 'magnesium', name: { zh: '镁及镁质材料', en: 'Magnesium & magnesia' } }];
  it('names a known sector in the language and keeps an unknown slug', () => {
    expect(sectorName(sectors, 'magnesium', 'en')).toBe('Magnesium & magnesia');
    expect(sectorName(sectors, 'magnesium', 'zh')).toBe('镁及镁质材料');
    expect(sectorName(sectors, 'other', 'zh')).toBe('other');
  });
});
