/**
 * The ranker's stages on their own (src/search/candidates.ts, features.ts, rank.ts, confidence.ts),
 * strings only (no word vectors, no WordNet), over the seed article and short news stories: each
 * stage's contract, not a figure of merit.
 */
import { describe, expect, it } from 'vitest';
import { bm25 } from '../../src/search/bm25.js';
import { retrieveCandidates } from '../../src/search/candidates.js';
import { confidenceFeatures, confidenceOf, outcomeOf, CONFIDENCE_DEFAULTS } from '../../src/search/confidence.js';
import { localWeights, scoringFor, scorePassage } from '../../src/search/features.js';
import { SearchIndex } from '../../src/search/index.js';
import { RANK_DEFAULTS, type RankedPassage, type RankOptions } from '../../src/search/rank.js';
import { CONFIDENCE_FEATURES, CONFIDENCE_SIGNS, CONFIDENCE_WEIGHTS, DEFAULT_WEIGHTS, RANKER_FEATURES, type Weights } from '../../src/search/weights.js';
import { ask, BANK, FLOODS, keyOf, make, ranking, seed, STRIKE } from './helpers.js';

const ARTICLES = [seed(), FLOODS, BANK, STRIKE];
const index = new SearchIndex(ARTICLES);

const QUESTIONS = [
  'Where will Trump and Putin hold their summit?',
  'What did Trump claim about denuclearisation?',
  'What did Bolton say about the Kremlin?',
  'How many people were rescued in Valencia?',
  'Why did the Swiss National Bank cut rates?',
  'Who is on strike in Sao Paulo?',
  'Did Russia meddle in the 2016 election?',
  'What is the zeppelin schedule?',
];

/** The BM25 of every passage for a query's exact terms, written out from the index's postings. */
function plainBm25(question: string): Map<number, number> {
  const query = ask(index, question);
  const scores = new Map<number, number>();
  for (const t of query.terms) {
    if (t.id === undefined) continue;
    const { passages, counts } = index.postingsOf(t.id);
    for (let i = 0; i < passages.length; i++) {
      const p = passages[i]!;
      scores.set(p, (scores.get(p) ?? 0) + bm25(counts[i]!, index.idf(t.id) * t.weight, index.lengths[p]!, index.averageLength, RANK_DEFAULTS.k1, RANK_DEFAULTS.b));
    }
  }
  return scores;
}

/** Ranker weights with every feature at 0 but those given. */
const only = (features: Partial<Record<(typeof RANKER_FEATURES)[number] | 'bias', number>>): Weights => {
  const model = { bias: 0, ...Object.fromEntries(RANKER_FEATURES.map((f) => [f, 0])), ...features } as Weights['ranker'];
  return { ...DEFAULT_WEIGHTS, ranker: model, article: model };
};

describe('candidates (retrieveCandidates)', () => {
  it('the passage holding the question\'s rare word is the first candidate, even with room for one', () => {
    const query = ask(index, 'What did Trump claim about denuclearisation?');
    for (const candidates of [1, 5, 20]) {
      // RankOptions types each default as its literal value (a frozen object): another count needs the cast.
      const options = { ...RANK_DEFAULTS, candidates } as RankOptions;
      const found = retrieveCandidates(query, index, options, 1, {})!;
      expect(found.pool.length).toBeLessThanOrEqual(candidates);
      expect(keyOf(index.passage(found.pool[0]!)!)).toBe('trump-putin-summit paragraph 2');
    }
  });

  it('the pool is the best passages by BM25 (strings only: the question\'s exact terms), best first, relative to the first', () => {
    for (const question of QUESTIONS) {
      const query = ask(index, question);
      // Without WordNet these questions have no related terms (which would add to BM25 at a lower weight).
      expect(query.terms.some((t) => t.related.length > 0)).toBe(false);
      const expected = [...plainBm25(question)].filter(([, s]) => s > 0).sort(([a, x], [b, y]) => y - x || a - b).slice(0, RANK_DEFAULTS.candidates);
      const found = retrieveCandidates(query, index, RANK_DEFAULTS, 1, {})!;
      expect(found.pool, question).toEqual(expected.map(([p]) => p));
      const top = expected[0]?.[1] ?? 1;
      expected.forEach(([, s], i) => expect(found.relative[i]).toBeCloseTo(s / top, 12));
    }
  });

  it('asked of one article, every passage of it is a candidate, even one without a question word; an unknown article gives null', () => {
    const query = ask(index, 'Where will the summit be held?');
    const found = retrieveCandidates(query, index, RANK_DEFAULTS, 1, { articleId: 'snb-rates' })!;
    expect([...found.pool].sort((a, b) => a - b)).toEqual(index.byArticle.get('snb-rates'));
    expect(found.relative.every((r) => r >= 0 && r <= 1)).toBe(true);
    expect(retrieveCandidates(query, index, RANK_DEFAULTS, 1, { articleId: 'no-such-article' })).toBeNull();
  });

  it('excluded passages are left out as if absent', () => {
    const query = ask(index, 'What did Trump claim about denuclearisation?');
    const found = retrieveCandidates(query, index, RANK_DEFAULTS, 1, { exclude: (p) => p.passage.text.includes('denuclearisation') })!;
    expect(found.pool.map((p) => index.passage(p)!.passage.text).some((t) => t.includes('denuclearisation'))).toBe(false);
    expect(found.pool.length).toBeGreaterThan(0);
  });

  it('equal BM25 goes to the earlier passage, whichever article was added first', () => {
    const story = (id: string) => make(id, 'Museum reopens', ['The museum reopened its doors after the renovation.']);
    for (const order of [['a', 'b'], ['b', 'a']]) {
      const twins = new SearchIndex([FLOODS, ...order.map(story)]);
      const found = retrieveCandidates(ask(twins, 'When did the museum reopen?'), twins, RANK_DEFAULTS, 1, {})!;
      expect(found.pool.map((p) => twins.passage(p)!.article.id)).toEqual(order);
      expect(found.relative).toEqual([1, 1]);
    }
  });
});

describe('features (scoringFor, scorePassage)', () => {
  const graded = new SearchIndex([
    ...ARTICLES,
    make('envoy', 'Envoy visits', [
      'The envoy spoke about Crimea.',
      'The envoy spoke about Crimea and the sanctions.',
      'The envoy spoke about Crimea, the sanctions and Ukraine.',
    ], ['The envoy in Kyiv on Monday - Credit: AP']),
  ]);
  /** Each of the envoy article's passages measured against the question, all at the same BM25 and rank (so only their text differs). */
  const measure = (question: string) => {
    const query = ask(graded, question);
    const scoring = scoringFor(query, graded, RANK_DEFAULTS, null, DEFAULT_WEIGHTS);
    localWeights(new Set(['envoy']), scoring);
    return graded.byArticle.get('envoy')!.map((p) => scorePassage(graded.passage(p)!, 1, 0, scoring));
  };

  it('holding more of the question raises coverage, the best sentence\'s share, distinct words and the sentence score', () => {
    const [one, two, three] = measure('Ukraine sanctions Crimea');
    for (const f of ['coverage', 'meaningCoverage', 'sentenceShare', 'distinct', 'sentence', 'window'] as const) {
      expect(one!.features[f], f).toBeLessThan(two!.features[f]);
      expect(two!.features[f], f).toBeLessThan(three!.features[f]);
    }
    expect(three!.features.coverage).toBeCloseTo(1, 12);
    expect(three!.termMatch).toEqual([1, 1, 1]);
    expect(one!.termMatch).toEqual([0, 0, 1]);
  });

  it('coverage is the IDF-weighted share: the rarer word held counts for more than the commoner one', () => {
    // "Crimea" is in every envoy passage and one of the seed's; "Ukraine" in two of the seed's and one envoy passage.
    const query = ask(graded, 'Crimea sanctions');
    const scoring = scoringFor(query, graded, RANK_DEFAULTS, null, DEFAULT_WEIGHTS);
    const [crimea, sanctions] = scoring.termWeights;
    const [one] = measure('Crimea sanctions');
    expect(one!.features.coverage).toBeCloseTo(crimea! / (crimea! + sanctions!), 12);
  });

  it('names: the share of the question\'s capitalised words held; 1 when the question names nothing', () => {
    const [one, , three] = measure('What did the envoy say about Ukraine?');
    expect(one!.features.names).toBe(0);
    expect(three!.features.names).toBe(1);
    expect(measure('what did the envoy say')[0]!.features.names).toBe(1);
  });

  it('position features: bm25Rank is 1/(1 + rank), lead 1/√n for paragraphs, caption 1 for captions only', () => {
    const query = ask(graded, 'envoy');
    const scoring = scoringFor(query, graded, RANK_DEFAULTS, null, DEFAULT_WEIGHTS);
    localWeights(new Set(['envoy']), scoring);
    const [p1, , p3, caption] = graded.byArticle.get('envoy')!.map((p) => graded.passage(p)!);
    expect(scorePassage(p1!, 1, 3, scoring).features.bm25Rank).toBe(1 / 4);
    expect(scorePassage(p3!, 0.5, 0, scoring).features).toMatchObject({ bm25: 0.5, bm25Rank: 1, lead: 1 / Math.sqrt(3), caption: 0 });
    expect(scorePassage(caption!, 1, 0, scoring).features).toMatchObject({ lead: 0, caption: 1 });
  });

  it('every share-like feature stays within 0-1 for every candidate of every question', () => {
    const shares = ['coverage', 'meaningCoverage', 'sentenceShare', 'sentenceMeaning', 'local', 'window', 'windowMeaning', 'neighbours', 'phrases', 'title', 'run', 'bm25Rank', 'compact', 'names', 'distinct', 'bm25', 'sentence', 'article'] as const;
    for (const question of QUESTIONS) {
      for (const r of ranking(index, question).ranked) {
        for (const f of shares) {
          expect(r.features[f], `${f} for "${question}"`).toBeGreaterThanOrEqual(0);
          expect(r.features[f], `${f} for "${question}"`).toBeLessThanOrEqual(1 + 1e-9);
        }
      }
    }
  });
});

describe('rank', () => {
  it('is deterministic: the same question over indexes built alike ranks alike, scores and all', () => {
    const again = new SearchIndex(ARTICLES);
    for (const question of QUESTIONS) {
      const first = ranking(index, question).rows;
      expect(ranking(index, question).rows).toEqual(first);
      expect(ranking(again, question).rows).toEqual(first);
    }
  });

  it('ranks best first, the passage with the rare words first, with its best sentence', () => {
    const { ranked } = ranking(index, 'What did Trump claim about denuclearisation?');
    expect(keyOf(ranked[0]!.entry)).toBe('trump-putin-summit paragraph 2');
    expect(ranked[0]!.entry.passage.sentences[ranked[0]!.sentence]!.text).toContain('denuclearisation');
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
  });

  it('a score is the model\'s bias plus each feature times its weight (the whole-base model, or the one-article model)', () => {
    for (const [scope, model] of [[{}, DEFAULT_WEIGHTS.ranker], [{ articleId: 'trump-putin-summit' }, DEFAULT_WEIGHTS.article]] as const) {
      for (const question of QUESTIONS) {
        for (const r of ranking(index, question, scope).ranked) {
          let expected = model.bias;
          for (const f of RANKER_FEATURES) expected += model[f] * r.features[f];
          expect(r.score).toBeCloseTo(expected, 9);
        }
      }
    }
  });

  it('a zero weight leaves its feature out: with coverage alone, the order is by coverage, ties by position', () => {
    const { ranked } = ranking(index, 'Did Russia meddle in the 2016 election?', { weights: only({ coverage: 1 }) });
    expect(ranked.length).toBeGreaterThan(3);
    for (const r of ranked) expect(r.score).toBe(r.features.coverage);
    for (let i = 1; i < ranked.length; i++) {
      const [a, b] = [ranked[i - 1]!, ranked[i]!];
      expect(a.score > b.score || (a.score === b.score && a.entry.index < b.entry.index)).toBe(true);
    }
  });

  it('with every weight 0 all scores tie at the bias and the order is the passages\' order', () => {
    const { ranked } = ranking(index, 'Where will Trump and Putin hold their summit?', { weights: only({ bias: 0.25 }) });
    expect(ranked.length).toBeGreaterThan(5);
    expect(ranked.every((r) => r.score === 0.25)).toBe(true);
    expect(ranked.map((r) => r.entry.index)).toEqual(ranked.map((r) => r.entry.index).sort((a, b) => a - b));
  });

  it('of two identical passages the earlier is first whichever article was added first, ahead by its BM25 rank alone', () => {
    const story = (id: string) => make(id, 'Museum reopens', ['The museum reopened its doors after the renovation.']);
    for (const order of [['a', 'b'], ['b', 'a']]) {
      const twins = new SearchIndex([FLOODS, ...order.map(story)]);
      const { ranked } = ranking(twins, 'When did the museum reopen?');
      expect(ranked.map((r) => r.entry.article.id).slice(0, 2)).toEqual(order);
      // Retrieval breaks the BM25 tie by position (candidates.ts); the ranker sees it as bm25Rank 1 against 1/2.
      const [first, second] = ranked;
      expect({ ...second!.features, bm25Rank: 1 }).toEqual(first!.features);
      expect(second!.features.bm25Rank).toBe(1 / 2);
      expect(first!.score - second!.score).toBeCloseTo(DEFAULT_WEIGHTS.ranker.bm25Rank / 2, 9);
    }
  });

  it('limit cuts the results, not the scoring: the first results and the runner-up are those of a longer list', () => {
    const long = ranking(index, 'Where will Trump and Putin hold their summit?', {}, 20);
    const short = ranking(index, 'Where will Trump and Putin hold their summit?', {}, 1);
    expect(short.rows).toEqual(long.rows.slice(0, 1));
    expect(short.stats.runnerUp).toBe(long.rows[1]!.score);
    expect(short.stats.scored).toBe(long.stats.scored);
  });

  it('stats: an unknown word\'s share of the weight, the question\'s term weights; nothing asked, nothing ranked', () => {
    const known = ranking(index, 'Did Russia meddle in the 2016 election?');
    expect(known.stats.unknownShare).toBe(0);
    expect(known.stats.termWeights).toHaveLength(known.query.terms.length);
    const unknown = ranking(index, 'What is the zeppelin schedule?');
    expect(unknown.stats.unknownShare).toBeGreaterThan(0.3);
    expect(unknown.stats.unknownShare).toBeLessThanOrEqual(1);
    const nothing = ranking(index, 'what is it?');
    expect(nothing.ranked).toEqual([]);
    expect(nothing.stats).toMatchObject({ unknownShare: 1, scored: 0, runnerUp: null });
  });
});

describe('confidence', () => {
  it('the shipped weights respect the documented signs (more of the question never lowers the confidence)', () => {
    for (const f of CONFIDENCE_FEATURES) {
      if (CONFIDENCE_SIGNS[f] === 1) expect(CONFIDENCE_WEIGHTS[f], f).toBeGreaterThanOrEqual(0);
      if (CONFIDENCE_SIGNS[f] === -1) expect(CONFIDENCE_WEIGHTS[f], f).toBeLessThanOrEqual(0);
    }
  });

  it('is a probability, within 0-1, for every question', () => {
    for (const question of QUESTIONS) {
      const { query, ranked, stats } = ranking(index, question);
      if (ranked.length === 0) continue;
      const c = confidenceOf(query, ranked, stats);
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThan(1);
      for (const [name, x] of Object.entries(confidenceFeatures(query, ranked, stats))) {
        expect(x, name).toBeGreaterThanOrEqual(0);
        expect(x, name).toBeLessThanOrEqual(1);
      }
    }
  });

  it('rises with the first result\'s score, and stops rising where score and margin are clamped', () => {
    const { query, ranked, stats } = ranking(index, 'Where will Trump and Putin hold their summit?');
    const at = (score: number) => confidenceOf(query, [{ ...ranked[0]!, score } as RankedPassage, ...ranked.slice(1)], stats);
    const runnerUp = stats.runnerUp!;
    let last = -Infinity;
    for (let score = runnerUp; score <= runnerUp + 10; score += 0.5) {
      const c = at(score);
      expect(c).toBeGreaterThan(last);
      last = c;
    }
    expect(at(runnerUp + 1e6)).toBe(at(Math.max(10, runnerUp + 10)));
    expect(at(runnerUp + 1e6)).toBeLessThan(1);
  });

  it('with all weights 0 it is one half; the outcome follows the documented thresholds', () => {
    const { query, ranked, stats } = ranking(index, 'Where will Trump and Putin hold their summit?');
    const zero = Object.fromEntries(['bias', ...CONFIDENCE_FEATURES].map((f) => [f, 0])) as Record<(typeof CONFIDENCE_FEATURES)[number] | 'bias', number>;
    expect(confidenceOf(query, ranked, stats, zero)).toBe(0.5);
    expect(outcomeOf(CONFIDENCE_DEFAULTS.answer, query, ranked, stats)).toBe('answer');
    expect(outcomeOf(CONFIDENCE_DEFAULTS.answer - 1e-6, query, ranked, stats)).toBe('not sure');
    expect(outcomeOf(CONFIDENCE_DEFAULTS.notSure, query, ranked, stats)).toBe('not sure');
    expect(outcomeOf(1, query, [], stats)).toBe('not covered');
    // Below `notSure`, a passage sharing the question's subject is still offered; one that does not is not.
    expect(outcomeOf(0, query, ranked, stats)).toBe('not sure');
    const off = ranking(index, 'Who won the zeppelin race in Valencia?');
    expect(outcomeOf(0, off.query, off.ranked, off.stats)).toBe('not sure'); // "Valencia", a name, is held
    // Found by a common word ("river") only, none of the question's rarest words: not its subject.
    const none = ranking(index, 'When does the zeppelin timetable change along the river?');
    expect(none.ranked.length).toBeGreaterThan(0);
    expect(outcomeOf(0, none.query, none.ranked, none.stats)).toBe('not covered');
    expect(outcomeOf(CONFIDENCE_DEFAULTS.notSure, none.query, none.ranked, none.stats)).toBe('not sure');
  });
});
