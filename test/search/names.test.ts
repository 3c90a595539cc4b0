import { describe, expect, it } from 'vitest';
import { nameForms, nameKeys, namesMatching, transliterate, typedKeys } from '../../src/search/names.js';

describe('nameForms', () => {
  it('gives a hyphenated name with its parts as words and joined', () => {
    expect(nameForms('Park Seo-yeon')).toEqual(['park seo yeon', 'park seoyeon']);
    expect(nameForms('Saint-Étienne-du-Lac')).toEqual(['saint etienne du lac', 'saintetiennedulac']);
  });

  it('folds letters that Unicode does not decompose, and writes umlauts and ø out as German and Norwegian do', () => {
    expect(nameForms('Ayşe Yıldırım')).toEqual(['ayse yildirim']);
    expect(nameForms('Łukasz Wróbel')).toEqual(['lukasz wrobel']);
    expect(nameForms('Tromsø')).toEqual(['tromso', 'tromsoe']);
    expect(nameForms('Zürich')).toEqual(['zurich', 'zuerich']);
    expect(nameForms('Đoàn Straße')).toEqual(['doan strasse']);
    expect(transliterate('Ålesund Æbeltoft')).toBe('aalesund aebeltoft');
  });

  it('is empty for a name without letters or digits', () => {
    expect(nameForms(' - ')).toEqual([]);
  });
});

describe('nameKeys and typedKeys', () => {
  it('find a name typed in the other order of its words, or by its hyphenated surname alone', () => {
    const keys = nameKeys('Park Seo-yeon');
    for (const typed of ['Seoyeon Park', 'park seo-yeon', 'Park Seo Yeon', 'Seoyeon']) expect(typedKeys(typed).some((k) => keys.includes(k))).toBe(true);
    expect(typedKeys('Yeon Park').some((k) => keys.includes(k))).toBe(false);
  });
});

describe('namesMatching (the /quote and /facts autocomplete)', () => {
  it.each([
    ['yildirim', 'Ayşe Yıldırım'], ['Ayse Yil', 'Ayşe Yıldırım'], ['lukasz wrob', 'Łukasz Wróbel'], ['tromso', 'Tromsø'], ['zuerich', 'Zürich'],
    ['Zurich', 'Zürich'], ['müller', 'Thomas Mueller'], ['seoyeon', 'Park Seo-yeon'], ['seo yeon', 'Park Seo-yeon'], ['Seo-y', 'Park Seo-yeon'],
    ['saint etienne', 'Saint-Étienne-du-Lac'], ['', 'Anyone'],
  ])('offers for "%s" the name %s', (typed, name) => {
    expect(namesMatching(typed)(name)).toBe(true);
  });

  it.each([['yildiz', 'Ayşe Yıldırım'], ['lee', 'Park Seo-yeon'], ['seoul', 'Park Seo-yeon']])('does not offer for "%s" the name %s', (typed, name) => {
    expect(namesMatching(typed)(name)).toBe(false);
  });
});
