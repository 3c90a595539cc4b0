/**
 * The search index (src/search/index.ts) on its own: what adding, removing and replacing an article
 * does to its postings, document frequencies, lengths and vocabulary; snapshots; owners; empty,
 * huge and non-Latin input. An index that was changed is compared with one built without the change
 * ({@link statistics}, {@link ranking}): equal statistics and equal scores, not just "still works".
 */
import { describe, expect, it } from 'vitest';
import { INDEX_VERSION, SearchIndex } from '../../src/search/index.js';
import { tokenize } from '../../src/search/tokenize.js';
import { BANK, CHINESE, FLOODS, keyOf, make, ranking, seed, statistics, STRIKE, type Article } from './helpers.js';

/** The index term of a word as the index makes it (folded, stemmed). */
const term = (word: string): string => tokenize(word)[0]!.term!;

/** Questions over every article of these tests, common and rare words, one unknown word. */
const QUESTIONS = [
  'Where will Trump and Putin hold their summit?',
  'What did Bolton say about the Kremlin?',
  'How many people were rescued in Valencia?',
  'Why did the Swiss National Bank cut rates?',
  'Who is on strike in Sao Paulo?',
  'When did the river burst its banks?',
  'nuclear arms control election interference',
  'What is the zeppelin schedule?',
];

/** The seed article's ¶5 ("Previous reports have named Vienna and Helsinki…") as an editor might rewrite it: longer, other places. */
const GENEVA = 'Previous reports have named Geneva, a city that has hosted superpower summits since the Cold War, as the likeliest place for the summit.';

/** The seed article with ¶5 rewritten as {@link GENEVA}: as many passages, other words and lengths. */
const rewritten = (old: Article): Article =>
  make(old.id, old.title, old.paragraphs.map((p) => (p.text.includes('Vienna') ? GENEVA : p.text)), old.captions.map((c) => c.text));

const rankings = (index: SearchIndex) => QUESTIONS.map((q) => ranking(index, q).rows);

describe('SearchIndex: adding an article', () => {
  it('makes each passage findable by its words, with its count, length and sentences', () => {
    const index = new SearchIndex([seed()]);
    const id = index.termId(term('denuclearisation'));
    expect(id).toBeDefined();
    const { passages, counts } = index.postingsOf(id!);
    expect(passages).toHaveLength(1);
    expect(counts[0]).toBe(1);
    const entry = index.passage(passages[0]!)!;
    expect(entry.passage.text).toContain('“total denuclearisation”');
    expect(keyOf(entry)).toBe('trump-putin-summit paragraph 2');
    // Its BM25 length is its number of non-stop tokens, and each sentence's span lies inside it.
    expect(entry.length).toBe(Array.from(entry.termIds).filter((t) => t >= 0).length);
    expect(index.lengths[entry.index]).toBe(entry.length);
    expect(entry.sentenceTokens).toHaveLength(entry.passage.sentences.length);
    // Postings of a common word are in increasing position order.
    const bolton = index.postingsOf(index.termId(term('Bolton'))!).passages;
    expect(bolton.length).toBeGreaterThan(5);
    expect([...bolton]).toEqual([...bolton].sort((a, b) => a - b));
  });

  it('counts every paragraph and caption once, and grows the vocabulary by the article\'s words', () => {
    const index = new SearchIndex();
    expect(index.add(FLOODS, null).added).toContain('valencia');
    expect(index.size).toBe(FLOODS.paragraphs.length + FLOODS.captions.length);
    expect(index.has('valencia-floods')).toBe(true);
    expect(index.words.get('valencia')).toBe(2); // ¶1 and the caption (the title is not a passage)
    const change = index.add(BANK, null);
    expect(change.added).toContain('franc');
    expect(change.added).not.toContain('the'); // already there: not new
    expect(index.size).toBe(7);
    expect(index.byArticle.get('snb-rates')).toEqual([4, 5, 6]);
  });

  it('idf: a rarer term weighs more, an unknown one 0, and none more than maxIdf', () => {
    const index = new SearchIndex([seed(), FLOODS, BANK, STRIKE]);
    const rare = index.termId(term('Turia'))!;
    const common = index.termId(term('Bolton'))!;
    expect(index.idf(rare)).toBeGreaterThan(index.idf(common));
    expect(index.idf(rare)).toBeLessThan(index.maxIdf);
    expect(index.idf(123456)).toBe(0);
    expect(index.termId('zeppelin')).toBeUndefined();
  });

  it('joining in slices (build a passage at a time, then commit) makes what add makes', () => {
    const whole = new SearchIndex([seed(), FLOODS]);
    const sliced = new SearchIndex([seed()]);
    const join = sliced.joining(FLOODS, null, sliced.prepare(FLOODS));
    let steps = 0;
    while (!join.build(1)) steps++;
    expect(steps).toBe(join.passages - 1);
    // Nothing is visible before commit.
    expect(sliced.has('valencia-floods')).toBe(false);
    expect(sliced.termId(term('Turia'))).toBeUndefined();
    join.commit();
    expect(statistics(sliced)).toEqual(statistics(whole));
    expect(() => join.commit()).toThrow(/committed twice/);
  });

  it('refuses an article indexed twice and prepared data of another text, leaving the index as it was', () => {
    const index = new SearchIndex([FLOODS]);
    const before = statistics(index);
    expect(() => index.add(FLOODS, null)).toThrow(/already indexed/);
    expect(() => index.add(BANK, null, index.prepare(STRIKE))).toThrow(/prepared by another version or from another text/);
    expect(statistics(index)).toEqual(before);
  });
});

describe('SearchIndex: removing and replacing an article', () => {
  it('removing an article takes back every posting, document frequency, length and word it brought', () => {
    const changed = new SearchIndex([seed(), FLOODS, BANK, STRIKE]);
    const change = changed.remove('valencia-floods');
    if (change === false) throw new Error('valencia-floods was not indexed');
    // Words only that article had left the vocabulary; shared ones stayed.
    expect(change.removed).toEqual(expect.arrayContaining(['valencia', 'turia', 'torrential']));
    expect(change.removed).not.toContain('the');
    const fresh = new SearchIndex([seed(), BANK, STRIKE]);
    expect(statistics(changed, [null], ['snb'])).toEqual(statistics(fresh, [null], ['snb']));
    expect(changed.termId(term('Turia'))).toBeUndefined();
    expect(changed.remove('valencia-floods')).toBe(false);
  });

  it('after a removal every question scores exactly as in an index built without the article', () => {
    const changed = new SearchIndex([seed(), FLOODS, BANK, STRIKE]);
    changed.remove('valencia-floods');
    const fresh = new SearchIndex([seed(), BANK, STRIKE]);
    expect(rankings(changed)).toEqual(rankings(fresh));
  });

  it('removing the article in the middle keeps the others\' positions (slots are never reused)', () => {
    const index = new SearchIndex([FLOODS, BANK, STRIKE]);
    const strike = index.byArticle.get('sao-paulo-strike');
    index.remove('snb-rates');
    expect(index.byArticle.get('sao-paulo-strike')).toEqual(strike);
    expect(index.passage(4)).toBeUndefined();
    expect(index.articleAt(4)).toBeUndefined();
    expect(index.lengths[4]).toBe(0);
    // FLOODS holds 0-3 (three paragraphs, a caption), STRIKE 7-8: BANK comes back after them.
    index.add(BANK, null);
    expect(index.byArticle.get('snb-rates')).toEqual([9, 10, 11]);
  });

  it('removing every article leaves an index equal to an empty one', () => {
    const index = new SearchIndex([seed(), FLOODS, CHINESE]);
    for (const id of ['trump-putin-summit', 'valencia-floods', 'talks-zh']) index.remove(id);
    expect(statistics(index, [null], ['snb'])).toEqual(statistics(new SearchIndex(), [null], ['snb']));
    expect(index.averageLength).toBe(1);
    expect(ranking(index, 'Where is the summit?').ranked).toEqual([]);
  });

  it('replacing an article (removed, then added as edited) leaves nothing of the old text', () => {
    const old = seed();
    // The edit keeps the passage count and changes lengths and words: "Vienna and Helsinki" become "Geneva".
    const edited = rewritten(old);
    expect(edited.paragraphs.length).toBe(old.paragraphs.length);
    const replaced = new SearchIndex([old, FLOODS, BANK]);
    replaced.remove(old.id);
    replaced.add(edited, null);
    const fresh = new SearchIndex([FLOODS, BANK, edited]);
    expect(statistics(replaced)).toEqual(statistics(fresh));
    expect(replaced.termId(term('Helsinki'))).toBeUndefined();
    expect(replaced.hasWord('helsinki', null)).toBe(false);
    expect(replaced.hasWord('geneva', null)).toBe(true);
  });

  // Found by this test: articleScores (src/search/articles.ts) cached the mean article length by the
  // number of passages in the index, so an article replaced by an edit of the same passage count (the
  // usual edit: a paragraph rewritten) kept the old mean, and the `article` feature and every score
  // differed from an index built with the edited text. The mean is now derived from the index's totals.
  it('replacing an article with an edit of the same passage count scores as a fresh index (no stale mean article length)', () => {
    const old = seed();
    const edited = rewritten(old);
    const replaced = new SearchIndex([old, FLOODS, BANK]);
    ranking(replaced, 'Where will the summit be?'); // the mean article length is computed and kept
    replaced.remove(old.id);
    replaced.add(edited, null);
    const fresh = new SearchIndex([FLOODS, BANK, edited]);
    expect(rankings(replaced)).toEqual(rankings(fresh));
  });
});

describe('SearchIndex: owners', () => {
  it('a server\'s article is seen by that server only, and removing it forgets its words', () => {
    const index = new SearchIndex([seed()]);
    index.add(FLOODS, 'guild-1');
    expect(index.hasWord('valencia', 'guild-1')).toBe(true);
    expect(index.hasWord('valencia', 'guild-2')).toBe(false);
    expect(index.hasWord('valencia', null)).toBe(false);
    expect(index.hasWord('kremlin', 'guild-2')).toBe(true); // shared words are everyone's
    const own = ranking(index, 'How many people were rescued in Valencia?', { owner: 'guild-1' });
    expect(own.rows[0]!.key).toBe('valencia-floods paragraph 1');
    const other = ranking(index, 'How many people were rescued in Valencia?', { owner: 'guild-2' });
    expect(other.rows.some((r) => r.key.startsWith('valencia-floods'))).toBe(false);
    expect(ranking(index, 'Valencia Turia').rows).toEqual([]);
    index.remove('valencia-floods');
    expect(index.hasWord('valencia', 'guild-1')).toBe(false);
    expect(statistics(index, [null, 'guild-1'])).toEqual(statistics(new SearchIndex([seed()]), [null, 'guild-1']));
  });

  it('another server\'s article still counts in IDF (which shows nothing of it)', () => {
    const withOther = new SearchIndex([seed()]);
    withOther.add(make('other', 'Summit talk', ['The summit summit summit was cancelled.']), 'guild-2');
    const without = new SearchIndex([seed()]);
    const id = (i: SearchIndex) => i.termId(term('summit'))!;
    expect(withOther.idf(id(withOther))).toBeLessThan(without.idf(id(without)));
  });
});

describe('SearchIndex: snapshot and restore', () => {
  const articles = [seed(), FLOODS, BANK, STRIKE, CHINESE];
  const byId = new Map(articles.map((a) => [a.id, a]));

  it('a restored snapshot (copied as storage would copy it) answers every question exactly as the original', () => {
    const original = new SearchIndex(articles);
    original.remove('snb-rates'); // empty slots in the middle travel too
    const restored = new SearchIndex();
    restored.restore(structuredClone(original.snapshot()), byId);
    expect(statistics(restored, [null], ['snb'])).toEqual(statistics(original, [null], ['snb']));
    expect(rankings(restored)).toEqual(rankings(original));
    expect(restored.slots).toBe(original.slots);
    // And it goes on changing like the original: a removal and an addition on both.
    for (const index of [original, restored]) {
      index.remove('valencia-floods');
      index.add(BANK, null);
    }
    expect(statistics(restored, [null], ['snb'])).toEqual(statistics(original, [null], ['snb']));
    expect(rankings(restored)).toEqual(rankings(original));
  });

  it('builds a passage only when it is read, joined or restored, and builds it as before', () => {
    const original = new SearchIndex(articles);
    expect(original.passagesBuilt).toBe(0);
    const restored = new SearchIndex();
    restored.restore(structuredClone(original.snapshot()), byId);
    expect(restored.passagesBuilt).toBe(0);
    // Whose a passage is, without building it.
    const summit = restored.byArticle.get('trump-putin-summit')!;
    expect(restored.articleAt(summit[0]!)).toMatchObject({ owner: null, base: summit[0], article: { id: 'trump-putin-summit' } });
    expect(restored.passagesBuilt).toBe(0);
    // A question builds the passages it scores, not every passage.
    ranking(restored, 'Where is the summit?');
    expect(restored.passagesBuilt).toBeGreaterThan(0);
    expect(restored.passagesBuilt).toBeLessThan(restored.size);
    // Built in any order, each is what joining the article builds.
    for (let p = original.slots - 1; p >= 0; p--) expect(restored.passage(p)).toEqual(original.passage(p));
    expect(restored.passagesBuilt).toBe(restored.size);
    expect(restored.passage(summit[1]!)).toBe(restored.passage(summit[1]!));
  });

  it('keeps owners through a snapshot', () => {
    const original = new SearchIndex([seed()]);
    original.add(FLOODS, 'guild-1');
    const restored = new SearchIndex();
    restored.restore(structuredClone(original.snapshot()), byId);
    expect(restored.hasWord('valencia', 'guild-1')).toBe(true);
    expect(restored.hasWord('valencia', null)).toBe(false);
    expect(ranking(restored, 'Valencia rescue', { owner: 'guild-1' }).rows).toEqual(ranking(original, 'Valencia rescue', { owner: 'guild-1' }).rows);
  });

  it('refuses a snapshot of another version, a missing article or one of another length, leaving the index empty', () => {
    const snapshot = new SearchIndex(articles).snapshot();
    const tries: [typeof snapshot, ReadonlyMap<string, Article>, RegExp][] = [
      [{ ...snapshot, version: INDEX_VERSION + 1 }, byId, /another index version/],
      [snapshot, new Map([...byId].filter(([id]) => id !== 'snb-rates')), /snb-rates is not at hand/],
      [snapshot, new Map([...byId, ['snb-rates', make('snb-rates', 'Cut', ['One paragraph only.'])]]), /does not fit/],
      [{ ...snapshot, postPassages: snapshot.postPassages.map((p, i) => (i === 0 ? 1e6 : p)) }, byId, /damaged postings/],
    ];
    for (const [data, map, why] of tries) {
      const index = new SearchIndex();
      expect(() => index.restore(data, map)).toThrow(why);
      expect(index.size).toBe(0);
      expect(index.slots).toBe(0);
      expect(index.terms.size).toBe(0);
    }
    const full = new SearchIndex([FLOODS]);
    expect(() => full.restore(snapshot, byId)).toThrow(/not empty/);
  });
});

describe('SearchIndex: empty, huge and non-Latin input', () => {
  it('an empty index has neutral averages and answers nothing', () => {
    const index = new SearchIndex();
    expect(index.size).toBe(0);
    expect(index.averageLength).toBe(1);
    expect(index.averageSentenceLength).toBe(1);
    expect(index.termId('summit')).toBeUndefined();
    expect(index.postingsOf(0)).toEqual({ passages: [], counts: [] });
    expect(ranking(index, 'Where is the summit?').ranked).toEqual([]);
    const restored = new SearchIndex();
    restored.restore(index.snapshot(), new Map());
    expect(statistics(restored)).toEqual(statistics(index));
  });

  it('a passage of stop words only has length 0 and is found by no word', () => {
    const index = new SearchIndex([make('stops', 'It is', ['It is what it is, and that was all there was to it.'])]);
    expect(index.size).toBe(1);
    expect(index.passage(0)!.length).toBe(0);
    expect(index.averageLength).toBe(0);
    expect(ranking(index, 'what is it').ranked).toEqual([]);
  });

  it('a huge article (4,000 sentences in 4 passages) is indexed whole, found and removed without a trace', () => {
    const filler = (k: number) => Array.from({ length: 1000 }, (_, i) => `Council officers inspected ${k * 1000 + i} drains on the ring road.`).join(' ');
    const huge = make('drains', 'Drain inspections', [filler(0), filler(1), `${filler(2)} One drain held a lost wedding ring.`, filler(3)]);
    const index = new SearchIndex([seed(), huge]);
    expect(huge.paragraphs.length).toBeGreaterThanOrEqual(4);
    const wedding = index.postingsOf(index.termId(term('wedding'))!).passages;
    expect(wedding).toHaveLength(1);
    const top = ranking(index, 'Where was the wedding ring found?', {}, 3).ranked[0]!;
    expect(top.entry.passage.sentences[top.sentence]!.text).toBe('One drain held a lost wedding ring.');
    index.remove('drains');
    expect(statistics(index)).toEqual(statistics(new SearchIndex([seed()])));
  });

  it('folds accents and case both ways: "Zurich" finds "Zürich", "São Paulo" is found as "sao paulo"', () => {
    const index = new SearchIndex([BANK, STRIKE]);
    expect(index.termId(term('Zurich'))).toBe(index.termId(term('Zürich')));
    expect(index.hasWord('zurich', null)).toBe(true);
    expect(ranking(index, 'economists in zurich').rows[0]!.key).toBe('snb-rates paragraph 2');
    expect(ranking(index, 'SAO PAULO metro').rows[0]!.key).toBe('sao-paulo-strike paragraph 1');
  });

  it('finds a Chinese name by a part of it, and forgets Chinese words on removal', () => {
    const index = new SearchIndex([seed(), CHINESE]);
    expect(ranking(index, '明华表示了什么').rows[0]!.key).toBe('talks-zh paragraph 2');
    expect(ranking(index, '王毅').rows[0]!.key).toBe('talks-zh paragraph 1');
    index.remove('talks-zh');
    expect(statistics(index)).toEqual(statistics(new SearchIndex([seed()])));
  });

  it('finds a name by its acronym from the article itself, and forgets it with the article', () => {
    const index = new SearchIndex([seed(), BANK]);
    const snb = index.acronym('snb')!.map((id) => [...index.terms].find(([, i]) => i === id)![0]);
    expect(snb).toEqual([term('Swiss'), term('National'), term('Bank')]);
    index.remove('snb-rates');
    expect(index.acronym('snb')).toBeUndefined();
  });
});
