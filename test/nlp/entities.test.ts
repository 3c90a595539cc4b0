import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle, buildArticle } from '../../src/knowledge/parse.js';
import { ArticlePeople, entityName, sightingsOf } from '../../src/nlp/entities.js';
import { extractArticle } from '../../src/sources/extract.js';
import { hasNewsPages, NEWS_PAGES } from '../sources/site.js';

/** The place and organisation names read from an article of these paragraphs. */
function namesOf(...paragraphs: string[]): { places: string[]; organisations: string[]; people: string[] } {
  const parsed = parseArticle('t', ['A headline', ...paragraphs].join('\n\n'));
  if (!parsed.ok) throw new Error('parse');
  const sightings = sightingsOf(parsed.value, new ArticlePeople(parsed.value));
  const of = (type: string) => [...new Set(sightings.filter((s) => s.type === type).map((s) => s.name))];
  return { places: of('place'), organisations: of('organisation'), people: of('person') };
}

/** A name that is not fit for a list: a dash or punctuation after it, a possessive, a dateline in capitals. */
const UNFIT = /[—–\-,.;:]$|['’]s$|^\p{Lu}{3,}(?:\s\p{Lu}{3,})*$/u;

describe('entity names in lists', () => {
  it('reads a dateline in capitals as the place it names, without its dash', () => {
    const { places } = namesOf('CAIRO — Tunisia’s prime minister, Habib Essid, said on Saturday that the gunman had trained in Libya.', 'LONDON — The talks ended without an agreement.');
    expect(places).toContain('Cairo');
    expect(places).toContain('London');
    expect(places).toContain('Libya');
    expect(places.filter((p) => UNFIT.test(p))).toEqual([]);
  });

  it('takes no possessive into a place name', () => {
    const { places } = namesOf('The president’s mismanagement destroyed one of Africa\'s most promising states, Zimbabwe.', 'Traffic in New York’s busiest tunnel was halted for an hour.');
    expect(places).toContain('Africa');
    expect(places).toContain('New York');
    expect(places).not.toContain('Africa\'s');
  });

  it('lists no nationality as a person or a place', () => {
    const { places, people } = namesOf('In January, Libyan militants loyal to the group attacked a hotel in Tripoli.', 'A Libyan told reporters that the city was calm, and Egyptian officials agreed.');
    expect(people).toEqual([]);
    expect(places).toContain('Tripoli');
    expect(places.concat(people).filter((n) => /Libyan|Egyptian/.test(n))).toEqual([]);
  });

  it('drops a dash that ends an aside after a name', () => {
    const { places } = namesOf('Officials at City Hall – which was closed for the holiday – declined to comment.');
    expect(places).toContain('City Hall');
  });

  it('cleans one name at a time', () => {
    expect(entityName("Africa's")).toBe('Africa');
    expect(entityName('New York’s,')).toBe('New York');
    expect(entityName('CAIRO —', true)).toBe('Cairo');
    expect(entityName('NATO')).toBe('NATO');
    expect(entityName('Libyan')).toBe('');
    expect(entityName('South Korean')).toBe('');
  });

  describe.skipIf(!hasNewsPages)('on the saved news pages (../shared/eval/news-html)', () => {
    for (const name of ['wapo-1', 'nytimes-1', 'telegraph', 'nytimes-3', 'bbc-1', 'salon-1']) {
      it(`lists no dateline, possessive or nationality from ${name}`, () => {
        const page = extractArticle(readFileSync(join(NEWS_PAGES, name, 'source.html'), 'utf8'), `https://news.example/${name}`);
        if (!page.ok) throw new Error(page.error.message);
        const built = buildArticle(name, { title: page.value.title, paragraphs: page.value.paragraphs });
        if (!built.ok) throw new Error(built.error.message);
        const people = new ArticlePeople(built.value);
        const names = sightingsOf(built.value, people).filter((s) => s.type !== 'date').map((s) => s.name);
        expect(names.length).toBeGreaterThan(0);
        expect(names.filter((n) => UNFIT.test(n) && !['NYPD', 'NATO', 'BBC', 'CNN', 'NASA'].includes(n))).toEqual([]);
        expect(people.main().map((p) => p.name).filter((n) => /^(?:Libyan|Egyptian|Tunisian|Sudanese|Zimbabwean|American|British)$/.test(n))).toEqual([]);
      });
    }
  });
});
