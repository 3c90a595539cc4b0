/**
 * `npm run train-ranker [-- --write]`: learns the answer sentence model, the two passage rankers and
 * the confidence model (src/search/weights.ts) on **dev** data only, prints them, and with --write
 * puts them into weights.ts. Nothing here reads a test question.
 *
 * - SQuAD dev articles (even ids; every --squad-step'th question, default 2), all 48 articles pooled as
 *   in `npm run eval`: the gold paragraph should rank first among the BM25 candidates; the sentence
 *   holding the answer should be chosen. Asked again of their own article for the article model, each
 *   counting --squad-article-weight (default 0.1): SQuAD reuses the paragraph's words, readers do not.
 * - Reader dev questions (newsqa-style/dev.jsonl): each asked of its article (every passage a
 *   candidate) and of all 250 CNN/DM articles; any passage holding an evidence span is right. They are
 *   few and written in readers' words, so each counts --reader-weight times (default 30).
 * - Seed dev questions, each counting --seed-weight times (default 10).
 * Reader questions are cross-validated by article (4 folds): the held-out figure is what to expect on
 * new articles; the in-sample one only says the model can fit. Weights are sign-constrained
 * (RANKER_SIGNS, CONFIDENCE_SIGNS; --unconstrained lifts it for the rankers).
 *
 * The confidence model is a logistic regression on the first result of: SQuAD "open" (the knowledge
 * base holds half the dev articles: questions on that half are answerable, on the other half not, and
 * half of the answerable ones are asked again with their paragraph left out, so that the article is
 * there but the answer mostly not), the reader dev questions (13 unanswerable) and the seed dev
 * questions. Its operating points are printed as a table; CONFIDENCE_DEFAULTS holds the chosen one.
 * --ranker-only stops before it; --confidence-only fits it alone on the current rankers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type Ranking } from '../src/engine.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import type { Article } from '../src/knowledge/types.js';
import type { IndexedPassage } from '../src/search/index.js';
import { CONFIDENCE_DEFAULTS, confidenceFeatures } from '../src/search/confidence.js';
import {
  CONFIDENCE_FEATURES, CONFIDENCE_SIGNS, DEFAULT_WEIGHTS, RANKER_SIGNS, RANKER_FEATURES, SENTENCE_FEATURES,
  type ConfidenceFeature, type RankerFeature, type SentenceFeature, type Weights,
} from '../src/search/weights.js';
import { holdsEvidence, loadCnndm, loadReaderQuestions } from './lib/cnndm.js';
import { fitLogistic, fitRanker, probability, top1, type BinaryExample, type ListExample } from './lib/fit.js';
import { EVAL_DIR, isDevArticle, loadSquadPooled, readJsonl, sameText, type SquadArticle } from './lib/squad.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const READER_WEIGHT = flag('--reader-weight', 30);
const SEED_WEIGHT = flag('--seed-weight', 10);
/** Weight of each SQuAD question asked of its own article, in the article model (default 0.1):
 *  SQuAD's questions reuse the paragraph's words, which readers asking about one article do not. */
const SQUAD_ARTICLE_WEIGHT = flag('--squad-article-weight', 0.1);
/** Every Nth SQuAD dev question is used (default 2, for speed; 1 = all). */
const SQUAD_STEP = flag('--squad-step', 2);
/** The caption weight is set by hand: no training set has captions enough to learn it. */
const CAPTION_WEIGHT = DEFAULT_WEIGHTS.ranker.caption;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const vector = <K extends string>(names: readonly K[], record: Readonly<Record<K, number>>) => Float64Array.from(names.map((n) => record[n]));
const toRecord = <K extends string>(names: readonly K[], w: Float64Array) => Object.fromEntries(names.map((n, j) => [n, w[j]!])) as Record<K, number>;

const pooled = await loadSquadPooled();
const cnndm = await loadCnndm();
const reader = loadReaderQuestions('dev') ?? [];
const seedFile = join(EVAL_DIR, 'seed', 'dev-questions.jsonl');
const seedRows = existsSync(seedFile) ? readJsonl<{ q: string; evidence: string[] }>(seedFile) : [];
if (!pooled) {
  console.log(`train-ranker: no SQuAD data under ${EVAL_DIR}; nothing to train on.`);
  process.exit(0);
}
const seedLoaded = await loadKnowledge(join(import.meta.dirname, '..', 'knowledge'));
if (!seedLoaded.ok) throw new Error(`train-ranker: ${seedLoaded.error.message}`);

const squadEngine = new Engine(pooled.articles);
const cnndmEngine = cnndm ? new Engine(cnndm.articles) : null;
const seedEngine = new Engine(seedLoaded.value.articles);
const dev = pooled.squad.filter((a) => isDevArticle(a.id));
const passageHolds = (text: string, evidence: readonly string[]) => holdsEvidence(text, evidence);

type Source = 'squad' | 'squad-article' | 'reader' | 'reader-pool' | 'seed' | 'seed-article';
interface Tagged<T> { readonly example: T; readonly source: Source; readonly group: number }
/** Which model learns from which lists: questions asked of the whole knowledge base, or of one article. */
const POOL_SOURCES: readonly Source[] = ['squad', 'reader-pool', 'seed'];
const ARTICLE_SOURCES: readonly Source[] = ['squad-article', 'reader', 'seed-article'];

/** The candidate lists of every training question, ranked with `weights`. */
function extract(weights: Weights) {
  const lists: Tagged<ListExample>[] = [];
  const sentences: Tagged<ListExample>[] = [];
  const list = (r: Ranking, right: (i: number) => boolean, weight: number) => {
    const gold = new Set(r.ranked.map((_, i) => i).filter(right));
    return gold.size === 0 ? null : { features: r.ranked.map((c) => vector(RANKER_FEATURES, c.features)), gold, weight };
  };
  for (const [i, a] of dev.entries()) {
    for (const q of a.questions.filter((_, k) => k % SQUAD_STEP === 0)) {
      const isGold = (r: Ranking) => (k: number) => r.ranked[k]!.entry.article.id === a.id && sameText(r.ranked[k]!.entry.passage.text, a.paragraphs[q.paragraph]!);
      const r = squadEngine.rankQuestion(q.question, { weights });
      const ex = list(r, isGold(r), 1);
      const scoped = squadEngine.rankQuestion(q.question, { limit: 400, articleId: a.id, weights });
      const exScoped = list(scoped, isGold(scoped), SQUAD_ARTICLE_WEIGHT);
      if (exScoped) lists.push({ example: exScoped, source: 'squad-article', group: i % 2 });
      if (!ex) continue;
      lists.push({ example: ex, source: 'squad', group: i % 2 });
      const passage = r.ranked[[...ex.gold][0]!]!;
      const holding = passage.entry.passage.sentences
        .map((s, k) => ({ k, s }))
        .filter(({ s }) => s.text.includes(q.answers[0]!))
        .sort((x, y) => Math.abs(x.s.start - q.answer_starts[0]!) - Math.abs(y.s.start - q.answer_starts[0]!));
      if (holding.length > 0 && passage.sentenceFeatures.length > 1) {
        sentences.push({ example: { features: passage.sentenceFeatures.map((f) => vector(SENTENCE_FEATURES, f)), gold: new Set([holding[0]!.k]), weight: 1 }, source: 'squad', group: i % 2 });
      }
    }
  }
  if (cnndmEngine) {
    const articles = [...new Set(reader.map((q) => q.article))];
    for (const q of reader.filter((x) => x.evidence.length > 0)) {
      const group = articles.indexOf(q.article) % 4;
      const scoped = cnndmEngine.rankQuestion(q.q, { limit: 400, articleId: q.article, weights });
      const ex = list(scoped, (k) => passageHolds(scoped.ranked[k]!.entry.passage.text, q.evidence), READER_WEIGHT);
      if (ex) lists.push({ example: ex, source: 'reader', group });
      const all = cnndmEngine.rankQuestion(q.q, { weights });
      const exAll = list(all, (k) => all.ranked[k]!.entry.article.id === q.article && passageHolds(all.ranked[k]!.entry.passage.text, q.evidence), READER_WEIGHT / 2);
      if (exAll) lists.push({ example: exAll, source: 'reader-pool', group });
    }
  }
  const seedId = seedLoaded.ok ? seedLoaded.value.articles[0]?.id : undefined;
  for (const row of seedRows.filter((x) => x.evidence.length > 0)) {
    for (const [source, articleId] of [['seed', undefined], ['seed-article', seedId]] as const) {
      const r = seedEngine.rankQuestion(row.q, { limit: 400, articleId, weights });
      const ex = list(r, (k) => passageHolds(r.ranked[k]!.entry.passage.text, row.evidence), SEED_WEIGHT);
      if (ex) lists.push({ example: ex, source, group: 0 });
      const best = r.ranked.find((c) => passageHolds(c.entry.passage.text, row.evidence));
      if (source === 'seed' && best && best.sentenceFeatures.length > 1) {
        const k = best.entry.passage.sentences.findIndex((s) => holdsEvidence(s.text, row.evidence));
        if (k >= 0) sentences.push({ example: { features: best.sentenceFeatures.map((f) => vector(SENTENCE_FEATURES, f)), gold: new Set([k]), weight: SEED_WEIGHT }, source: 'seed', group: 0 });
      }
    }
  }
  return { lists, sentences };
}

const fixedCaption = new Map([[RANKER_FEATURES.indexOf('caption'), CAPTION_WEIGHT]]);
const rankerSigns = args.includes('--unconstrained') ? [] : RANKER_FEATURES.map((f) => RANKER_SIGNS[f]);

const confidenceOnly = args.includes('--confidence-only');
let sentence: Record<SentenceFeature, number> = { ...DEFAULT_WEIGHTS.sentence };
let ranker: Record<RankerFeature | 'bias', number> = { ...DEFAULT_WEIGHTS.ranker };
let article: Record<RankerFeature | 'bias', number> = { ...DEFAULT_WEIGHTS.article };
if (!confidenceOnly) {
  // 1. The sentence model, from the current ranking.
  let extracted = extract(DEFAULT_WEIGHTS);
  const sentenceExamples = extracted.sentences.map((x) => x.example);
  const sentenceW = fitRanker(sentenceExamples, SENTENCE_FEATURES.length);
  const sentenceHeld = fitRanker(extracted.sentences.filter((x) => x.group === 0).map((x) => x.example), SENTENCE_FEATURES.length);
  console.log(`answer sentence inside the right passage (${sentenceExamples.length} questions): current ${pct(top1(vector(SENTENCE_FEATURES, DEFAULT_WEIGHTS.sentence), sentenceExamples))}, fitted ${pct(top1(sentenceW, sentenceExamples))}, fitted on SQuAD half A: half B ${pct(top1(sentenceHeld, extracted.sentences.filter((x) => x.group === 1 && x.source === 'squad').map((x) => x.example)))}`);
  sentence = toRecord(SENTENCE_FEATURES, sentenceW);

  // 2. The two rankers, with the new sentence model choosing each passage's sentence.
  extracted = extract({ ...DEFAULT_WEIGHTS, sentence });
  const lists = extracted.lists;
  const n = RANKER_FEATURES.length;
  const sourceNames: readonly Source[] = [...POOL_SOURCES, ...ARTICLE_SOURCES];
  console.log(`\nranking examples: ${sourceNames.map((s) => `${s} ${lists.filter((x) => x.source === s).length}`).join(', ')}`);
  const score = (w: Float64Array, source: Source, pick: (x: Tagged<ListExample>) => boolean = () => true) => top1(w, lists.filter((x) => x.source === source && pick(x)).map((x) => x.example));
  /** Fits one model on its sources; reports its current, cross-validated and fitted top-1 per source. */
  function train(label: string, sources: readonly Source[], current: Float64Array): Float64Array {
    const mine = lists.filter((x) => sources.includes(x.source));
    console.log(`\n${label}`);
    console.log(`  current weights: ${sources.map((s) => `${s} ${pct(score(current, s))}`).join(', ')}`);
    // Held out: a quarter of the reader articles, and half of the SQuAD articles, in turn.
    const heldOut = (x: Tagged<ListExample>, fold: number) => (x.source.startsWith('reader') ? x.group === fold : x.source.startsWith('squad') ? x.group === fold % 2 : false);
    const right = new Map<Source, [number, number]>();
    for (const fold of [0, 1, 2, 3]) {
      const w = fitRanker(mine.filter((x) => !heldOut(x, fold)).map((x) => x.example), n, fixedCaption, rankerSigns);
      for (const source of sources) {
        const held = mine.filter((x) => x.source === source && heldOut(x, fold)).map((x) => x.example);
        const [r, t] = right.get(source) ?? [0, 0];
        right.set(source, [r + top1(w, held) * held.length, t + held.length]);
      }
    }
    console.log(`  cross-validated (held-out articles): ${sources.filter((s) => right.get(s)![1] > 0).map((s) => `${s} ${pct(right.get(s)![0] / right.get(s)![1])}`).join(', ')}`);
    const w = fitRanker(mine.map((x) => x.example), n, fixedCaption, rankerSigns);
    console.log(`  fitted on all dev: ${sources.map((s) => `${s} ${pct(score(w, s))}`).join(', ')}`);
    return w;
  }
  const poolW = train('knowledge-base model (questions asked of every article):', POOL_SOURCES, vector(RANKER_FEATURES, DEFAULT_WEIGHTS.ranker));
  const articleW = train('article model (questions asked of one article):', ARTICLE_SOURCES, vector(RANKER_FEATURES, DEFAULT_WEIGHTS.article));
  ranker = { bias: 0, ...toRecord(RANKER_FEATURES, poolW) } as Record<RankerFeature | 'bias', number>;
  article = { bias: 0, ...toRecord(RANKER_FEATURES, articleW) } as Record<RankerFeature | 'bias', number>;
}

if (args.includes('--ranker-only')) process.exit(0);

// 3. The confidence model, on the first result as ranked with the new weights.
const weights: Weights = { ranker, article, sentence };
interface Asked { readonly x: Float64Array; readonly right: boolean; readonly top3: boolean; readonly answerable: boolean; readonly source: 'squad-in' | 'squad-gone' | 'squad-out' | 'reader' | 'seed'; readonly group: number }
const asked: Asked[] = [];
const ask = (engine: Engine, question: string, articleId: string | undefined, right: (r: Ranking, k: number) => boolean, answerable: boolean, source: Asked['source'], exclude?: (p: IndexedPassage) => boolean, group = 0) => {
  const r = engine.rankQuestion(question, { limit: 3, articleId, weights, exclude });
  if (r.ranked.length === 0) return void asked.push({ x: new Float64Array(CONFIDENCE_FEATURES.length), right: false, top3: false, answerable, source, group });
  const x = vector(CONFIDENCE_FEATURES, confidenceFeatures(r.query, r.ranked, r.stats));
  asked.push({ x, right: answerable && right(r, 0), top3: answerable && r.ranked.some((_, k) => right(r, k)), answerable, source, group });
};
const quoteOf = (r: Ranking, k: number) => {
  const c = r.ranked[k]!;
  return c.entry.passage.sentences[c.sentence]?.text ?? c.entry.passage.text;
};
const normalise = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\b(a|an|the)\b/g, ' ').replace(/\s+/g, ' ').trim();
const holdsAnswer = (text: string, answers: readonly string[]) => answers.some((a) => ` ${normalise(text)} `.includes(` ${normalise(a)} `));
const halves: [SquadArticle[], SquadArticle[]] = [dev.filter((_, i) => i % 2 === 0), dev.filter((_, i) => i % 2 === 1)];
for (const [inside, outside] of [halves, [halves[1], halves[0]]] as const) {
  const ids = new Set(inside.map((a) => a.id));
  const engine = new Engine(pooled.articles.filter((a: Article) => ids.has(a.id)));
  for (const a of inside) {
    for (const [k, q] of a.questions.entries()) {
      const right = (r: Ranking, j: number) => holdsAnswer(quoteOf(r, j), q.answers);
      if (k % 2 === 0) ask(engine, q.question, undefined, right, true, 'squad-in');
      // The same question with its paragraph gone: its article is still there, its answer (mostly) not.
      else ask(engine, q.question, undefined, right, true, 'squad-gone', (p) => p.article.id === a.id && sameText(p.passage.text, a.paragraphs[q.paragraph]!));
    }
  }
  for (const a of outside) for (const q of a.questions.filter((_, k) => k % 2 === 0)) ask(engine, q.question, undefined, () => false, false, 'squad-out');
}
const readerArticles = [...new Set(reader.map((q) => q.article))];
if (cnndmEngine) for (const q of reader) ask(cnndmEngine, q.q, q.article, (r, k) => holdsEvidence(quoteOf(r, k), q.evidence), q.evidence.length > 0, 'reader', undefined, readerArticles.indexOf(q.article) % 4);
for (const row of seedRows) ask(seedEngine, row.q, undefined, (r, k) => holdsEvidence(`${r.ranked[k]!.entry.passage.sentences[r.ranked[k]!.sentence - 1]?.text ?? ''} ${quoteOf(r, k)}`, row.evidence), row.evidence.length > 0, 'seed');
const counts = { 'squad-in': 0, 'squad-gone': 0, 'squad-out': 0, reader: 0, seed: 0 };
for (const a of asked) counts[a.source]++;
// Each kind of data weighs about as much as the others in total, whatever its size.
const sourceWeight = { 'squad-in': 1, 'squad-gone': counts['squad-in'] / Math.max(1, counts['squad-gone']), 'squad-out': counts['squad-in'] / Math.max(1, counts['squad-out']), reader: counts['squad-in'] / Math.max(1, counts.reader), seed: counts['squad-in'] / Math.max(1, counts.seed) / 2 };
const binary: BinaryExample[] = asked.map((a) => ({ x: a.x, y: a.right ? 1 : 0, weight: sourceWeight[a.source] }));
const signs = CONFIDENCE_FEATURES.map((f) => CONFIDENCE_SIGNS[f]);
const confidenceW = fitLogistic(binary, CONFIDENCE_FEATURES.length, signs);
// The reader questions cross-validated by article: fitted without a quarter of them, scored on it.
const threshold = CONFIDENCE_DEFAULTS.answer;
const held = { right: 0, wrong: 0, answerable: 0, declined: 0, unanswerable: 0 };
for (const fold of [0, 1, 2, 3]) {
  const keep = asked.map((a, i) => ({ a, b: binary[i]! })).filter(({ a }) => !(a.source === 'reader' && a.group === fold));
  const w = fitLogistic(keep.map(({ b }) => b), CONFIDENCE_FEATURES.length, signs);
  for (const a of asked.filter((x) => x.source === 'reader' && x.group === fold)) {
    const p = probability(w, a.x);
    if (a.answerable) {
      held.answerable++;
      if (p >= threshold && a.right) held.right++;
      if (p >= threshold && !a.right) held.wrong++;
    } else {
      held.unanswerable++;
      if (p < threshold) held.declined++;
    }
  }
}
const confidence = { bias: confidenceW[CONFIDENCE_FEATURES.length]!, ...toRecord(CONFIDENCE_FEATURES, confidenceW) } as Record<ConfidenceFeature | 'bias', number>;

console.log(`\nconfidence examples: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`reader questions, confidence cross-validated by article, answering from ${threshold}: answered and right ${pct(held.right / held.answerable)}, answered and wrong ${pct(held.wrong / held.answerable)}, unanswerable declined ${pct(held.declined / held.unanswerable)}`);
for (const name of ['typeMissing', 'figureMissing', 'unknownRelation', 'namesOnly', 'corrected', 'correctedNames'] as const) {
  const j = CONFIDENCE_FEATURES.indexOf(name);
  const parts = (Object.keys(counts) as Asked['source'][]).map((source) => {
    const on = asked.filter((a) => a.source === source && a.x[j]! > 0);
    return `${source} ${on.length} (${pct(on.filter((a) => a.right).length / Math.max(1, on.length))} right)`;
  });
  console.log(`  ${name} = 1: ${parts.join(', ')}`);
}
console.log('\n| answer from | reader: answered and right | answered and wrong | unanswerable abstained | SQuAD in KB: answered and right | SQuAD paragraph gone: abstained | SQuAD not in KB: abstained | seed right |');
console.log('|---|---|---|---|---|---|---|---|');
for (const t of [0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.36, 0.37, 0.38, 0.39, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]) {
  const at = (source: Asked['source']) => asked.filter((a) => a.source === source).map((a) => ({ ...a, p: probability(confidenceW, a.x) }));
  const r = at('reader');
  const answerable = r.filter((a) => a.answerable);
  const unanswerable = r.filter((a) => !a.answerable);
  const inKb = at('squad-in');
  const outKb = at('squad-out');
  const gone = at('squad-gone');
  const seed = at('seed');
  console.log(`| ${t} | ${pct(answerable.filter((a) => a.p >= t && a.right).length / answerable.length)} | ${pct(answerable.filter((a) => a.p >= t && !a.right).length / answerable.length)} | ${pct(unanswerable.filter((a) => a.p < t).length / unanswerable.length)} | ${pct(inKb.filter((a) => a.p >= t && a.right).length / inKb.length)} | ${pct(gone.filter((a) => a.p < t).length / gone.length)} | ${pct(outKb.filter((a) => a.p < t).length / outKb.length)} | ${seed.filter((a) => (a.answerable ? a.p >= t && a.right : a.p < t)).length}/${seed.length} |`);
}
console.log('\n"not sure" band: share of questions whose top 3 holds the answer, by confidence (all sources):');
for (const [lo, hi] of [[0, 0.05], [0.05, 0.1], [0.1, 0.15], [0.15, 0.2], [0.2, 0.3], [0.3, 0.4], [0.4, 0.5], [0.5, 1]] as const) {
  const band = asked.filter((a) => {
    const p = probability(confidenceW, a.x);
    return p >= lo && p < hi;
  });
  console.log(`  ${lo.toFixed(2)}-${hi.toFixed(2)}: ${band.length} questions, top 3 holds the answer for ${pct(band.filter((a) => a.top3).length / Math.max(1, band.length))}`);
}

const format = (name: string, type: string, record: Record<string, number>) =>
  `export const ${name}: Readonly<Record<${type}, number>> = Object.freeze({\n${Object.entries(record).map(([k, v]) => `  ${k}: ${v.toFixed(3)},`).join('\n')}\n});`;
const printed = [
  format('RANKER_WEIGHTS', "RankerFeature | 'bias'", ranker),
  format('ARTICLE_RANKER_WEIGHTS', "RankerFeature | 'bias'", article),
  format('SENTENCE_WEIGHTS', 'SentenceFeature', sentence),
  format('CONFIDENCE_WEIGHTS', "ConfidenceFeature | 'bias'", confidence),
];
console.log(`\n${printed.join('\n\n')}`);
if (args.includes('--write')) {
  const file = join(import.meta.dirname, '..', 'src', 'search', 'weights.ts');
  let text = readFileSync(file, 'utf8');
  for (const block of printed) {
    const name = /export const (\w+)/.exec(block)![1]!;
    text = text.replace(new RegExp(`export const ${name}: [^=]+= Object\\.freeze\\(\\{[^}]*\\}\\);`), block);
  }
  writeFileSync(file, text);
  console.log(`\nwritten to ${file}`);
}
