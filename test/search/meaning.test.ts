import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { isMeaning, loadMeaning } from '../../src/meaning/index.js';
import { article } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

const PARKING = article('parking', [
  'Driver loses parking fine appeal',
  'Barry Beavis, 48, lost his case at the Court of Appeal on Thursday.',
  'Mr Beavis had parked his car at the Riverside Retail Park in Chelmsford in April 2013.',
  'Mr Beavis was fired from his job at the council a month later.',
  'The International Monetary Fund said the ruling would not affect lending.',
  'The car park, run by the firm ParkingEye, allowed two hours of free parking.',
].join('\n\n'));
const OTHER = article('weather', 'Storms hit the coast\n\nHeavy rain flooded the coast road on Monday.\n\nThe Met Office warned of more storms.');

describe.skipIf(!isMeaning(loadMeaning()))('answers by meaning', () => {
  const engine = new Engine([PARKING, OTHER]);
  const top = (q: string, articleId?: string) => engine.ask(q, { scope: { owner: null, article: articleId } }).results[0]!;

  it('matches a word by its synonym: "sacked" finds "fired"', () => {
    expect(top('Who was sacked?').quote).toContain('was fired');
  });

  it('matches an acronym to the name the article spells out', () => {
    expect(top('What did the IMF say?').quote).toContain('International Monetary Fund');
  });

  it('reads "he" in a question about one article as its main person', () => {
    const { query } = engine.rankQuestion('Where did he park?', { scope: { owner: null, article: 'parking' } });
    expect(query.terms.find((t) => t.pronoun)?.word).toBe('beavis');
    expect(top('Where did he park?', 'parking').quote).toContain('Riverside Retail Park');
  });

  it('leaves "he" alone in a question asked of every article', () => {
    expect(engine.rankQuestion('Where did he park?', { scope: SHARED }).query.terms.some((t) => t.pronoun)).toBe(false);
  });

  it('answers "which company" with the sentence naming the firm', () => {
    expect(top('Which company runs the car park?', 'parking').quote).toContain('ParkingEye');
  });
});

describe('without language resources (MEANING=off)', () => {
  const plain = new Engine([PARKING, OTHER], { meaning: null });

  it('still answers questions in the article\'s words', () => {
    expect(plain.ask('Where had Mr Beavis parked his car?', { scope: SHARED }).results[0]!.quote).toContain('Riverside Retail Park');
  });

  it('does not match by meaning', () => {
    expect(plain.ask('Who was sacked?', { scope: SHARED }).results[0]?.quote ?? '').not.toContain('was fired');
  });
});
