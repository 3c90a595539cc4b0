/**
 * `npm run train-ranker [-- --write]`: learns the answer sentence model, the two passage rankers and
 * the confidence model (src/search/weights.ts) on **dev** data only (scripts/lib/train.ts says which),
 * prints them, and with --write puts them into weights.ts. Nothing here reads a test question.
 *
 * What to expect of them on new articles is what `npm run eval -- --only reader` prints: the same
 * fits, cross-validated by article. Options: --reader-weight N, --seed-weight N,
 * --squad-article-weight N, --squad-step N (every Nth SQuAD dev question; 1 = all), --unconstrained
 * (rankers with weights of any sign), --ranker-only (stop before the confidence model),
 * --confidence-only (fit it alone on the current rankers).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTooling, type SentenceFeature, type Weights } from '../src/engine/index.js';
import { fitRanker, probability, top1 } from './lib/fit.js';
import { ARTICLE_SOURCES, confidenceExamples, fitConfidence, fitRankers, loadTrainingData, POOL_SOURCES, rankerLists, toRecord, TRAIN_DEFAULTS, vector, type Source, type TrainOptions } from './lib/train.js';

const { CONFIDENCE_DEFAULTS, CONFIDENCE_FEATURES, DEFAULT_WEIGHTS, RANKER_FEATURES, SENTENCE_FEATURES } = await loadTooling();

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const options: TrainOptions = {
  readerWeight: flag('--reader-weight', TRAIN_DEFAULTS.readerWeight),
  seedWeight: flag('--seed-weight', TRAIN_DEFAULTS.seedWeight),
  squadArticleWeight: flag('--squad-article-weight', TRAIN_DEFAULTS.squadArticleWeight),
  squadStep: flag('--squad-step', TRAIN_DEFAULTS.squadStep),
  unconstrained: args.includes('--unconstrained'),
};
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const data = await loadTrainingData();
if (!data) {
  console.log('train-ranker: no SQuAD data under ../shared/eval; nothing to train on.');
  process.exit(0);
}

let weights: Weights = DEFAULT_WEIGHTS;
if (!args.includes('--confidence-only')) {
  // 1. The sentence model, from the current ranking (SQuAD and seed only).
  const first = rankerLists(data, DEFAULT_WEIGHTS, options);
  const sentenceExamples = first.sentences.map((x) => x.example);
  const sentenceW = fitRanker(sentenceExamples, SENTENCE_FEATURES.length);
  console.log(`answer sentence inside the right passage (${sentenceExamples.length} questions): current ${pct(top1(vector(SENTENCE_FEATURES, DEFAULT_WEIGHTS.sentence), sentenceExamples))}, fitted ${pct(top1(sentenceW, sentenceExamples))}`);
  const sentence = toRecord(SENTENCE_FEATURES, sentenceW) as Record<SentenceFeature, number>;

  // 2. The two rankers, with the new sentence model choosing each passage's sentence.
  const { lists } = rankerLists(data, { ...DEFAULT_WEIGHTS, sentence }, options);
  const sources: readonly Source[] = [...POOL_SOURCES, ...ARTICLE_SOURCES];
  console.log(`\nranking examples: ${sources.map((s) => `${s} ${lists.filter((x) => x.source === s).length}`).join(', ')}`);
  const fitted = fitRankers(lists, new Set(), options);
  weights = { ...fitted, sentence };
  for (const [label, model, mine] of [['knowledge-base model', 'ranker', POOL_SOURCES], ['article model', 'article', ARTICLE_SOURCES]] as const) {
    const score = (w: Weights) => mine.map((s) => `${s} ${pct(top1(vector(RANKER_FEATURES, w[model]), lists.filter((x) => x.source === s).map((x) => x.example)))}`).join(', ');
    console.log(`${label}, in-sample top 1: current ${score(DEFAULT_WEIGHTS)}; fitted ${score(weights)}`);
  }
}

if (!args.includes('--ranker-only')) {
  // 3. The confidence model, on the first result as ranked with the new weights.
  const asked = confidenceExamples(data, weights);
  const confidence = fitConfidence(asked);
  const w = Float64Array.from([...CONFIDENCE_FEATURES.map((f) => confidence[f]), confidence.bias]);
  const counts = new Map<string, number>();
  for (const a of asked) counts.set(a.source, (counts.get(a.source) ?? 0) + 1);
  console.log(`\nconfidence examples: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log('\n| answer from | reader: answered and right | answered and wrong | unanswerable declined | SQuAD in KB: answered and right | SQuAD paragraph gone: declined | SQuAD not in KB: declined |');
  console.log('|---|---|---|---|---|---|---|');
  for (const t of [0.2, 0.3, 0.35, CONFIDENCE_DEFAULTS.answer, 0.4, 0.45, 0.5, 0.6]) {
    const at = (source: string) => asked.filter((a) => a.source === source).map((a) => ({ ...a, p: probability(w, a.x) }));
    const reader = at('reader');
    const answerable = reader.filter((a) => a.answerable);
    const unanswerable = reader.filter((a) => !a.answerable);
    const share = (xs: readonly unknown[], n: number) => pct(xs.length / Math.max(1, n));
    console.log(`| ${t} | ${share(answerable.filter((a) => a.p >= t && a.right), answerable.length)} | ${share(answerable.filter((a) => a.p >= t && !a.right), answerable.length)} | ${share(unanswerable.filter((a) => a.p < t), unanswerable.length)} | ${share(at('squad-in').filter((a) => a.p >= t && a.right), at('squad-in').length)} | ${share(at('squad-gone').filter((a) => a.p < t), at('squad-gone').length)} | ${share(at('squad-out').filter((a) => a.p < t), at('squad-out').length)} |`);
  }
  console.log('(in-sample: the reader figures cross-validated by article are what `npm run eval -- --only reader` prints)');
  weights = { ...weights, confidence };
}

const format = (name: string, type: string, record: Readonly<Record<string, number>>) =>
  `export const ${name}: Readonly<Record<${type}, number>> = Object.freeze({\n${Object.entries(record).map(([k, v]) => `  ${k}: ${v.toFixed(3)},`).join('\n')}\n});`;
const confidenceRecord = weights.confidence;
const printed = [
  format('RANKER_WEIGHTS', "RankerFeature | 'bias'", weights.ranker),
  format('ARTICLE_RANKER_WEIGHTS', "RankerFeature | 'bias'", weights.article),
  format('SENTENCE_WEIGHTS', 'SentenceFeature', weights.sentence),
  ...(confidenceRecord ? [format('CONFIDENCE_WEIGHTS', "ConfidenceFeature | 'bias'", confidenceRecord)] : []),
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
