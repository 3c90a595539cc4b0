/**
 * `npm run train-ranker`: learns the passage ranker's weights (src/search/weights.ts) on the SQuAD
 * **dev** articles only (even ids), with all 48 articles pooled as in `npm run eval`, and prints them.
 * A listwise softmax model: for each question, the gold paragraph should score highest among the
 * BM25 candidates. Reports the fit on two halves of dev first (fit on one, check on the other), so a
 * change that only memorises is visible. The test articles are never read here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../src/engine.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { RANKER_FEATURES, RANKER_WEIGHTS, SENTENCE_FEATURES, SENTENCE_WEIGHTS } from '../src/search/weights.js';
import { EVAL_DIR, isDevArticle, loadSquadPooled, sameText } from './lib/squad.js';

const pooled = await loadSquadPooled();
if (!pooled) {
  console.log(`train-ranker: no SQuAD data under ${EVAL_DIR}; nothing to train on.`);
  process.exit(0);
}
const { squad, articles } = pooled;
const engine = new Engine(articles);

interface Example { features: number[][]; gold: number; half: 0 | 1 }
const examples: Example[] = [];
// Sentence choice: among the gold paragraph's sentences, the one holding the first gold answer.
const sentenceExamples: Example[] = [];
const dev = squad.filter((a) => isDevArticle(a.id));
let missing = 0;
for (const [i, a] of dev.entries()) {
  for (const q of a.questions) {
    const candidates = engine.candidates(q.question);
    const gold = candidates.findIndex((c) => sameText(c.entry.passage.text, a.paragraphs[q.paragraph]!) && c.entry.article.id === a.id);
    if (gold < 0) {
      missing++;
      continue;
    }
    examples.push({ features: candidates.map((c) => [...c.features]), gold, half: (i % 2) as 0 | 1 });
    const passage = candidates[gold]!;
    const answer = q.answers[0]!;
    const holding = passage.entry.passage.sentences
      .map((sentence, k) => ({ k, sentence }))
      .filter(({ sentence }) => sentence.text.includes(answer))
      .sort((x, y) => Math.abs(x.sentence.start - q.answer_starts[0]!) - Math.abs(y.sentence.start - q.answer_starts[0]!));
    if (holding.length > 0 && passage.sentenceFeatures.length > 1) {
      sentenceExamples.push({ features: passage.sentenceFeatures.map((f) => [...f]), gold: holding[0]!.k, half: (i % 2) as 0 | 1 });
    }
  }
}
// The seed article's dev questions join the training set: news, not Wikipedia. Their label is the
// first candidate whose answer sentence holds the evidence; each counts as SEED_WEIGHT questions.
const SEED_WEIGHT = 10;
const seedFile = join(EVAL_DIR, 'seed', 'dev-questions.jsonl');
const seedExamples: Example[] = [];
if (existsSync(seedFile)) {
  const seed = await loadKnowledge(join(import.meta.dirname, '..', 'knowledge'));
  if (!seed.ok) throw new Error(`train-ranker: ${seed.error.message}`);
  const seedEngine = new Engine(seed.value.articles);
  for (const line of readFileSync(seedFile, 'utf8').trim().split('\n')) {
    const { q, evidence } = JSON.parse(line) as { q: string; evidence: string[] };
    if (evidence.length === 0) continue;
    const candidates = seedEngine.candidates(q);
    const gold = candidates.findIndex((c) => evidence.some((e) => c.entry.passage.sentences[c.sentence]!.text.includes(e) || quoteHas(c.entry.passage.text, e, c.sentence, c.entry.passage.sentences)));
    if (gold >= 0) seedExamples.push({ features: candidates.map((c) => [...c.features]), gold, half: 0 });
  }
}
function quoteHas(_text: string, e: string, i: number, sentences: readonly { text: string }[]): boolean {
  return `${sentences[i - 1]?.text ?? ''} ${sentences[i]!.text}`.includes(e);
}

/** Full-batch gradient descent (Adam) on the listwise softmax loss with a little L2. */
function fit(train: Example[], extra: Example[] = []): number[] {
  const n = train[0]!.features[0]!.length;
  const w = new Array(n).fill(0);
  const m = new Array(n).fill(0);
  const v = new Array(n).fill(0);
  const rate = 0.05;
  const l2 = 1e-4;
  const all = [...train, ...extra];
  const weightOf = (k: number) => (k < train.length ? 1 : SEED_WEIGHT);
  const total = train.length + extra.length * SEED_WEIGHT;
  for (let step = 1; step <= 1000; step++) {
    const grad = w.map((x) => l2 * x);
    for (const [index, ex] of all.entries()) {
      const scores = ex.features.map((f) => f.reduce((s, x, j) => s + x * w[j], 0));
      const max = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - max));
      const z = exp.reduce((a, b) => a + b, 0);
      ex.features.forEach((f, k) => {
        const p = exp[k]! / z - (k === ex.gold ? 1 : 0);
        for (let j = 0; j < n; j++) grad[j] += (weightOf(index) * p * f[j]!) / total;
      });
    }
    for (let j = 0; j < n; j++) {
      m[j] = 0.9 * m[j] + 0.1 * grad[j];
      v[j] = 0.999 * v[j] + 0.001 * grad[j] ** 2;
      w[j] -= (rate * (m[j] / (1 - 0.9 ** step))) / (Math.sqrt(v[j] / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  return w;
}
const top1 = (w: number[], set: Example[]) =>
  set.filter((ex) => {
    const scores = ex.features.map((f) => f.reduce((s, x, j) => s + x * w[j], 0));
    return scores.indexOf(Math.max(...scores)) === ex.gold;
  }).length / set.length;

const current = RANKER_FEATURES.map((name) => RANKER_WEIGHTS[name]);
const [h0, h1] = [examples.filter((e) => e.half === 0), examples.filter((e) => e.half === 1)];
console.log(`${examples.length} dev questions with the gold paragraph among the candidates (${missing} without).`);
console.log(`current weights: top-1 among candidates ${(100 * top1(current, examples)).toFixed(1)}%`);
const w0 = fit(h0);
console.log(`fit on half A: A ${(100 * top1(w0, h0)).toFixed(1)}%, held-out B ${(100 * top1(w0, h1)).toFixed(1)}%`);
const w = fit(examples, seedExamples);
// Captions do not occur in SQuAD, so their weight is not learned: it stays as set by hand.
w[RANKER_FEATURES.indexOf('caption')] = RANKER_WEIGHTS.caption;
console.log(`fit on all dev: ${(100 * top1(w, examples)).toFixed(1)}%; seed dev questions: ${seedExamples.filter((e) => top1(w, [e]) === 1).length}/${seedExamples.length} with the evidence on top\n`);
const ws = fit(sentenceExamples);
const [s0, s1] = [sentenceExamples.filter((e) => e.half === 0), sentenceExamples.filter((e) => e.half === 1)];
const ws0 = fit(s0);
console.log(`answer sentence inside the gold paragraph (${sentenceExamples.length} questions): current weights ${(100 * top1(SENTENCE_FEATURES.map((f) => SENTENCE_WEIGHTS[f]), sentenceExamples)).toFixed(1)}%, fit on half A: held-out B ${(100 * top1(ws0, s1)).toFixed(1)}%, fit on all ${(100 * top1(ws, sentenceExamples)).toFixed(1)}%\n`);
console.log('export const RANKER_WEIGHTS: Readonly<Record<RankerFeature | \'bias\', number>> = Object.freeze({');
console.log('  bias: 0,');
RANKER_FEATURES.forEach((name, j) => console.log(`  ${name}: ${w[j]!.toFixed(3)},`));
console.log('});');
console.log('\nexport const SENTENCE_WEIGHTS: Readonly<Record<SentenceFeature, number>> = Object.freeze({');
SENTENCE_FEATURES.forEach((name, j) => console.log(`  ${name}: ${ws[j]!.toFixed(3)},`));
console.log('});');
