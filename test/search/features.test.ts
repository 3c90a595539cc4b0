/**
 * One test per ranking feature (RANKER_FEATURES and SENTENCE_FEATURES in src/search/weights.ts):
 * two passages, or two sentences, of a small real index that differ in the respect the feature
 * measures, ranked by the real engine, and the feature must be higher for the one that has it. Each
 * test fails when its feature's computation in src/search/features.ts is replaced by 0.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { buildArticle } from '../../src/knowledge/parse.js';
import type { Article } from '../../src/model/article.js';
import { isMeaning, loadMeaning, type Meaning } from '../../src/meaning/index.js';
import type { RankedPassage } from '../../src/search/rank.js';
import { RANKER_FEATURES, SENTENCE_FEATURES } from '../../src/search/weights.js';

const loaded = loadMeaning();
const meaning: Meaning | null = isMeaning(loaded) ? loaded : null;

function make(id: string, title: string, paragraphs: readonly string[], captions: readonly string[] = []): Article {
  const r = buildArticle(id, { title, paragraphs, captions });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Unrelated articles, so that IDF is that of a small news collection rather than of two passages. */
const FILLER = [
  make('weather', 'Storms hit the coast', ['Heavy rain flooded the coast road on Monday.', 'The Met Office warned of more storms this week.']),
  make('football', 'Cup final tickets sold out', ['Fans queued overnight for the last tickets.', 'The club thanked supporters for their patience.']),
  make('budget', 'Council sets its budget', ['The council agreed a rise in parking charges.', 'Libraries will open for fewer hours next year.']),
];

/** The engine over `articles` (and the filler) and the question's ranked candidates, every one of them. */
function ranking(articles: readonly Article[], question: string, options: { articleId?: string; meaning?: boolean } = {}) {
  const engine = new Engine([...articles, ...FILLER], { meaning: options.meaning ? meaning : null });
  const { ranked } = engine.rankQuestion(question, { limit: 100, scope: { owner: null, article: options.articleId } });
  /** The ranked passage of `article` numbered `n` (a paragraph, or a caption). */
  const passage = (article: string, n = 1, kind: 'paragraph' | 'caption' = 'paragraph'): RankedPassage => {
    const found = ranked.find((r) => r.entry.article.id === article && r.entry.passage.kind === kind && r.entry.passage.n === n);
    if (!found) throw new Error(`${article} ${kind} ${n} is not among the candidates for "${question}"`);
    return found;
  };
  return { ranked, passage };
}

/** Whether the language resources are built (the meaning features are 0 without them). */
const withMeaning = describe.skipIf(meaning === null);

describe('ranking features (RANKER_FEATURES), strings only', () => {
  it('bm25: the passage holding the rarer question word more often scores higher', () => {
    const { passage } = ranking([
      make('a', 'Volcano', ['The volcano erupted again and the volcano is still erupting.']),
      make('b', 'Ash', ['Ash from the eruption closed the airport.']),
    ], 'volcano erupted');
    expect(passage('a').features.bm25).toBeGreaterThan(passage('b').features.bm25);
  });

  it('sentence: the passage whose best sentence holds both question words scores higher', () => {
    const { passage } = ranking([
      make('a', 'Volcano', ['The volcano erupted on Monday.']),
      make('b', 'Volcano', ['The volcano is quiet now. Villagers say it erupted once.']),
    ], 'volcano erupted');
    expect(passage('a').features.sentence).toBeGreaterThan(passage('b').features.sentence);
  });

  it('coverage: the passage holding both question words covers more than the one holding one', () => {
    const { passage } = ranking([
      make('a', 'Bridge', ['The bridge collapsed during the storm.']),
      make('b', 'Bridge', ['The bridge was painted blue.']),
    ], 'bridge collapsed');
    expect(passage('a').features.coverage).toBeGreaterThan(passage('b').features.coverage);
  });

  it('sentenceShare: both question words in one sentence beat the same words in two', () => {
    const { passage } = ranking([
      make('a', 'Bridge', ['The bridge collapsed during the storm. Nobody was hurt.']),
      make('b', 'Bridge', ['The bridge was old. Part of it collapsed during the storm.']),
    ], 'bridge collapsed');
    expect(passage('a').features.sentenceShare).toBeGreaterThan(passage('b').features.sentenceShare);
  });

  it('local: a word in every passage of the article weighs little there; the rarer word carries the sentence', () => {
    const monkeys = make('monkeys', 'Monkeys escape from zoo', [
      'Monkeys escaped from the zoo on Monday.',
      'Keepers said the monkeys posed a risk to children.',
      'The monkeys were found in a park.',
      'Visitors photographed the monkeys.',
    ]);
    const { passage } = ranking([monkeys], 'What risk did the monkeys pose?', { articleId: 'monkeys' });
    expect(passage('monkeys', 2).features.local).toBeGreaterThan(passage('monkeys', 3).features.local);
  });

  it('window: question words in two neighbouring sentences beat the same words two sentences apart', () => {
    const { passage } = ranking([
      make('a', 'Harbour', ['Police closed the harbour. The ferry sank at dawn. Nobody was hurt.']),
      make('b', 'Harbour', ['Police closed the harbour. Nobody was hurt. The ferry sank at dawn.']),
    ], 'harbour ferry sank');
    // Neither passage holds all three words in one sentence, so the window is what tells them apart.
    expect(passage('a').features.window).toBeGreaterThan(passage('b').features.window);
  });

  it('neighbours: a passage whose neighbour names what it leaves out scores higher', () => {
    const { passage } = ranking([
      make('a', 'Report one', ['The volcano sits on the island.', 'It erupted on Monday.']),
      make('b', 'Report two', ['The lake sits on the island.', 'It erupted on Monday.']),
    ], 'When did the volcano erupt?');
    expect(passage('a', 2).features.neighbours).toBeGreaterThan(passage('b', 2).features.neighbours);
  });

  it('phrases: a question bigram standing together beats its words far apart in the sentence', () => {
    const { passage } = ranking([
      make('a', 'Treaty', ['The peace treaty was signed in the capital after long talks.']),
      make('b', 'Treaty', ['The peace talks were long and hard, and in the end a treaty was signed.']),
    ], 'peace treaty');
    expect(passage('a').features.phrases).toBeGreaterThan(passage('b').features.phrases);
  });

  it('answerType: a "when" question prefers the sentence holding a date', () => {
    const { passage } = ranking([
      make('a', 'Bridge', ['The bridge reopened on 4 March 2019.']),
      make('b', 'Bridge', ['The bridge reopened after repairs.']),
    ], 'When did the bridge reopen?');
    expect(passage('a').features.answerType).toBeGreaterThan(passage('b').features.answerType);
  });

  it('caption: a photo caption is marked as one, a paragraph is not', () => {
    const { passage } = ranking([
      make('a', 'Summit', ['The leaders met in Helsinki.'], ['The leaders met in Helsinki (Photo: Reuters)']),
    ], 'leaders met Helsinki');
    expect(passage('a', 1, 'caption').features.caption).toBeGreaterThan(passage('a', 1).features.caption);
  });

  it('title: the same paragraph scores higher under a title holding a question word', () => {
    const { passage } = ranking([
      make('a', 'Ice sheet retreat speeds up', ['Scientists measured the ice every summer.']),
      make('b', 'Summer fieldwork', ['Scientists measured the ice every summer.']),
    ], 'ice measured');
    expect(passage('a').features.title).toBeGreaterThan(passage('b').features.title);
  });

  it('run: question words standing together in question order beat the same words scattered', () => {
    const { passage } = ranking([
      make('a', 'Birds', ['A red kite nest was found near the farm.']),
      make('b', 'Birds', ['The nest near the farm belonged to a kite, not a red one.']),
    ], 'red kite nest');
    expect(passage('a').features.run).toBeGreaterThan(passage('b').features.run);
  });

  it('bm25Rank: the passage retrieved first by BM25 ranks above the one retrieved second', () => {
    const { passage } = ranking([
      make('a', 'Volcano', ['The volcano erupted.']),
      make('b', 'Volcano', ['The volcano was quiet.']),
    ], 'volcano erupted');
    expect(passage('a').features.bm25Rank).toBeGreaterThan(passage('b').features.bm25Rank);
  });

  it('compact: question words side by side beat the same words spread over the sentence', () => {
    const { passage } = ranking([
      make('a', 'Mine', ['Rescuers said the mine flooded overnight, trapping no one in the end.']),
      make('b', 'Mine', ['The mine, which rescuers had inspected twice that week, flooded overnight.']),
    ], 'mine flooded');
    expect(passage('a').features.compact).toBeGreaterThan(passage('b').features.compact);
  });

  it('names: the passage holding the name the question asks about beats one holding only its other words', () => {
    const { passage } = ranking([
      make('a', 'Talks', ['Bolton said the talks went well.']),
      make('b', 'Talks', ['The minister said the talks went well.']),
    ], 'What did Bolton say about the talks?');
    expect(passage('a').features.names).toBeGreaterThan(passage('b').features.names);
  });

  it('distinct: holding more of the question\'s distinct words counts, whatever their weight', () => {
    const { passage } = ranking([
      make('a', 'Fire', ['The fire destroyed the old mill.']),
      make('b', 'Fire', ['The fire was put out quickly.']),
    ], 'fire destroyed mill');
    expect(passage('a').features.distinct).toBeGreaterThan(passage('b').features.distinct);
  });

  it('length: a longer passage has the larger length feature', () => {
    const { passage } = ranking([
      make('a', 'Flood', ['The river flooded the town after three days of heavy rain, and the army was called in to build walls of sandbags.']),
      make('b', 'Flood', ['The river flooded.']),
    ], 'river flooded');
    expect(passage('a').features.length).toBeGreaterThan(passage('b').features.length);
  });

  it('lead: an early paragraph scores higher than a late one (news puts the main facts first)', () => {
    const { passage } = ranking([
      make('a', 'Strike', ['Train drivers walked out on Monday.', 'The union met on Sunday.', 'Talks broke down.', 'Train drivers walked out again later.']),
    ], 'train drivers walked out', { articleId: 'a' });
    expect(passage('a', 1).features.lead).toBeGreaterThan(passage('a', 4).features.lead);
  });

  it('article: a passage of the article whose title and lead are about the question outranks a passing mention', () => {
    const { passage } = ranking([
      make('a', 'Ferry sinks off Crete', ['A ferry sank off Crete on Monday.', 'Coastguards searched for the ferry crew.', 'Divers reached the wreck at noon.']),
      make('b', 'Tourism figures', ['Hotels reported a good season.', 'Prices rose again.', 'One visitor said the ferry to Crete was late.']),
    ], 'ferry crete');
    expect(passage('a', 1).features.article).toBe(1);
    expect(passage('b', 3).features.article).toBeLessThan(0.8);
  });
});

withMeaning('ranking features (RANKER_FEATURES), by meaning', () => {
  it('meaningCoverage: a synonym of the question word counts for the passage', () => {
    const { passage } = ranking([
      make('a', 'Council', ['The clerk was fired by the council.']),
      make('b', 'Council', ['The clerk was praised by the council.']),
    ], 'Who sacked the clerk?', { meaning: true });
    expect(passage('a').features.meaningCoverage).toBeGreaterThan(passage('b').features.meaningCoverage);
  });

  it('wordnet: a WordNet synonym of the question word counts', () => {
    const { passage } = ranking([
      make('a', 'Council', ['The clerk was fired by the council.']),
      make('b', 'Council', ['The clerk was praised by the council.']),
    ], 'Who sacked the clerk?', { meaning: true });
    expect(passage('a').features.wordnet).toBeGreaterThan(passage('b').features.wordnet);
  });

  it('vector: a word close in the word vectors (and not in WordNet) counts', () => {
    const { passage } = ranking([
      make('ships', 'Ships', ['The tanker sank off the coast.', 'The lighthouse stood off the coast.']),
    ], 'Where did the freighter sink?', { articleId: 'ships', meaning: true });
    expect(passage('ships', 1).features.vector).toBeGreaterThan(passage('ships', 2).features.vector);
  });

  it('sentenceMeaning: a synonym in the best sentence counts', () => {
    const { passage } = ranking([
      make('a', 'Council', ['The clerk was fired by the council.']),
      make('b', 'Council', ['The clerk was praised by the council.']),
    ], 'Who sacked the clerk?', { meaning: true });
    expect(passage('a').features.sentenceMeaning).toBeGreaterThan(passage('b').features.sentenceMeaning);
  });

  it('align: a sentence of words close to the question\'s is closer than one of unrelated words', () => {
    const { passage } = ranking([
      make('ships', 'Ships', ['The tanker sank off the coast.', 'The lighthouse stood off the coast.']),
    ], 'Where did the freighter sink?', { articleId: 'ships', meaning: true });
    expect(passage('ships', 1).features.align).toBeGreaterThan(passage('ships', 2).features.align);
  });

  it('embedding: a sentence on the question\'s subject is closer than one on another', () => {
    const { passage } = ranking([
      make('ships', 'Ships', ['The tanker sank in a storm off the coast.', 'The coast has a new cafe serving cakes.']),
    ], 'Where did the freighter sink?', { articleId: 'ships', meaning: true });
    expect(passage('ships', 1).features.embedding).toBeGreaterThan(passage('ships', 2).features.embedding);
  });

  it('windowMeaning: question words by meaning in two neighbouring sentences beat the same words apart', () => {
    const { passage } = ranking([
      make('a', 'Council', ['The council met. The clerk was fired. Nobody objected.']),
      make('b', 'Council', ['The council met. Nobody objected. The clerk was fired.']),
    ], 'Did the council sack the clerk?', { meaning: true });
    expect(passage('a').features.windowMeaning).toBeGreaterThan(passage('b').features.windowMeaning);
  });
});

describe('sentence features (SENTENCE_FEATURES), strings only', () => {
  /** The sentence features of one passage's sentences, for a question asked of its article. */
  const sentences = (paragraph: string, question: string) => {
    const { passage } = ranking([make('s', 'Report', [paragraph])], question, { articleId: 's' });
    return passage('s').sentenceFeatures;
  };

  it('lexical: the sentence holding the question words scores higher', () => {
    const s = sentences('The dam burst at night. Farmers lost their crops.', 'dam burst');
    expect(s[0]!.lexical).toBeGreaterThan(s[1]!.lexical);
  });

  it('share: the sentence holding more of the question\'s weight has the higher share', () => {
    const s = sentences('The dam held for a week. The dam burst at night.', 'dam burst');
    expect(s[1]!.share).toBeGreaterThan(s[0]!.share);
  });

  it('local: the sentence holding the word rare in the article beats one holding the word in every sentence', () => {
    const s = sentences('The dam was built in 1950. The dam burst at night. The dam is being rebuilt.', 'Why did the dam burst?');
    expect(s[1]!.local).toBeGreaterThan(s[0]!.local);
  });

  it('phrases: the question bigram together beats its words far apart', () => {
    const s = sentences('The peace treaty was signed. The peace talks were long, and in the end a treaty came.', 'peace treaty');
    expect(s[0]!.phrases).toBeGreaterThan(s[1]!.phrases);
  });

  it('answerType: a "when" question prefers the sentence with a date', () => {
    const s = sentences('The dam burst after heavy rain. The dam burst on 12 May 2004.', 'When did the dam burst?');
    expect(s[1]!.answerType).toBeGreaterThan(s[0]!.answerType);
  });

  it('compact: question words side by side beat the same words spread out', () => {
    const s = sentences('The dam burst at night. The dam, which engineers had inspected twice that year, burst.', 'dam burst');
    expect(s[0]!.compact).toBeGreaterThan(s[1]!.compact);
  });

  it('first: the passage\'s first sentence is marked', () => {
    const s = sentences('The dam burst at night. Farmers lost their crops.', 'dam burst');
    expect(s[0]!.first).toBeGreaterThan(s[1]!.first);
  });

  it('leansBack: a sentence opening with "He" leans on the one before', () => {
    const s = sentences('The mayor visited the dam. He said the dam would be rebuilt.', 'dam rebuilt');
    expect(s[1]!.leansBack).toBeGreaterThan(s[0]!.leansBack);
  });

  it('length: the longer sentence has the larger length feature', () => {
    const s = sentences('The dam burst. Water from the dam flooded the valley, the village and the farms below it.', 'dam');
    expect(s[1]!.length).toBeGreaterThan(s[0]!.length);
  });
});

withMeaning('sentence features (SENTENCE_FEATURES), by meaning', () => {
  const sentences = (paragraph: string, question: string) => {
    const { passage } = ranking([make('s', 'Report', [paragraph])], question, { articleId: 's', meaning: true });
    return passage('s').sentenceFeatures;
  };

  it('meaning: the sentence holding a synonym of the question word counts it', () => {
    const s = sentences('The clerk was praised. The clerk was fired.', 'Was the clerk sacked?');
    expect(s[1]!.meaning).toBeGreaterThan(s[0]!.meaning);
  });

  it('align: the sentence of words close to the question\'s is closer', () => {
    const s = sentences('The lighthouse stood off the coast. The tanker sank off the coast.', 'Where did the freighter sink?');
    expect(s[1]!.align).toBeGreaterThan(s[0]!.align);
  });

  it('embedding: the sentence on the question\'s subject is closer', () => {
    const s = sentences('A new cafe serves cakes by the sea. The tanker sank in a storm.', 'Where did the freighter sink?');
    expect(s[1]!.embedding).toBeGreaterThan(s[0]!.embedding);
  });
});

describe('the feature tests above', () => {
  it('cover every ranking and sentence feature', () => {
    const source = readFileSync(import.meta.filename, 'utf8');
    const split = source.indexOf("describe('sentence features");
    const titles = (text: string) => [...text.matchAll(/it\('(\w+):/g)].map((m) => m[1]!);
    const ranker = titles(source.slice(0, split));
    const sentence = titles(source.slice(split));
    for (const f of RANKER_FEATURES) expect(ranker, `ranker feature ${f}`).toContain(f);
    for (const f of SENTENCE_FEATURES) expect(sentence, `sentence feature ${f}`).toContain(f);
  });
});
