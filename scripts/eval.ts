/**
 * `npm run eval`: measures answer quality on real public data read from ../shared/eval (never
 * copied into the repository), and prints tables. Skips a section, with a message, when its data is
 * absent. Options: --squad-sample N (every Nth question, default 1 = all), --skip-baselines,
 * --only seed,typos,reader,scoped,squad,squad-open,quotes,digest,pages (some sections), --reader-test (the kept-aside
 * reader questions, when present), --routed (the reader questions also through Engine.answer, which
 * routes "who is X", "what did X say", "what happened" before ranking, with a table per route),
 * --verbose (each reader question and each missed typo).
 *
 * Scoped (`--only scoped`): one-article ranking, the reader dev questions each asked of its own
 * article, ranked with the article weights and with the whole-base weights in their place, both
 * fitted without the fold's articles (cross-validated by article, 5 folds): top 1, top 3 and MRR of
 * the right sentence per fold and overall, then the shipped weights' in-sample figures. About 3 min.
 *
 * SQuAD: all 48 articles are written as knowledge files into a temporary folder and loaded together
 * (pooled), so every other paragraph is a distractor. Even-numbered articles are dev (tune on them),
 * odd-numbered are test (report only).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { eng } from 'stopword';
import { Engine, loadTooling, openApp, summarise, type App, type Outcome, type Weights } from '../src/engine/index.js';
import { createLogger } from '../src/logger.js';
import type { Article } from '../src/model/article.js';
import { holdsEvidence, loadCnndm, loadReaderQuestions, type ReaderQuestion } from './lib/cnndm.js';
import { top1 } from './lib/fit.js';
import { confidenceExamples, fitConfidence, fitRankers, foldsOf, loadTrainingData, rankerLists, type Source, type TaggedList } from './lib/train.js';
import { casePages, newsPages, scorePage, type PageCase } from './lib/pages.js';
import { asWholeBase, figuresOf, rightRank, type Ranked, type RankFigures } from './lib/scoped.js';
import { hasPolnear, scorePolnear } from './lib/polnear.js';
import { containsAnswer, EVAL_DIR, isDevArticle, loadSquadPooled, readJsonl, sameText } from './lib/squad.js';
import { SHARED } from '../src/model/scope.js';

const { CONFIDENCE_DEFAULTS, DEFAULT_WEIGHTS, extractArticle, outcomeOf, quoteOf, RANKER_FEATURES, rougeN, standsAlone } = await loadTooling();

const args = process.argv.slice(2);
const sample = Number(args[args.indexOf('--squad-sample') + 1] ?? 1) || 1;
const skipBaselines = args.includes('--skip-baselines');
const routed = args.includes('--routed');
/** Sections to run: --only seed,squad,quotes (default all). PolNeAR test is reported only with --polnear-test. */
const only = (args[args.indexOf('--only') + 1] ?? '').split(',').filter(Boolean);
const runs = (section: string) => !args.includes('--only') || only.includes(section);

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

/** Apps opened by {@link openKnowledge}, closed when the evaluation ends. */
const opened: App[] = [];

/**
 * The knowledge folder opened exactly as the product opens it (openApp: config, language resources,
 * the folder read and parsed as at start-up), with no state database: the seed sections measure what
 * `npm start` answers with, not a copy of its loading.
 */
async function openKnowledge(): Promise<App> {
  const app = await openApp({ state: 'none', knowledgeDir: join(import.meta.dirname, '..', 'knowledge'), log: createLogger('warn') });
  if (!app.ok) throw new Error(`eval: ${app.error.message}`);
  opened.push(app.value);
  return app.value;
}

async function seedSection(): Promise<void> {
  const file = join(EVAL_DIR, 'seed', 'dev-questions.jsonl');
  if (!existsSync(file)) return console.log(`seed: skipped, ${file} not found`);
  const { engine } = await openKnowledge();
  const rows = readJsonl<{ q: string; evidence: string[] }>(file);
  let right = 0;
  console.log('\n## Seed dev questions (knowledge/)\n');
  console.log('| ok | question | got |');
  console.log('|---|---|---|');
  for (const { q, evidence } of rows) {
    const a = engine.ask(q, { scope: SHARED });
    const top = a.results[0];
    const ok = evidence.length === 0 ? !a.answered : a.answered && !!top && evidence.some((e) => top.quote.includes(e));
    if (ok) right++;
    const got = !a.answered ? '(abstained)' : `¶${top?.paragraph ?? `caption ${top?.caption}`}: ${top?.quote.slice(0, 70)}…`;
    console.log(`| ${ok ? 'yes' : 'NO'} | ${q} | ${got} |`);
  }
  console.log(`\nseed dev questions right: ${right}/${rows.length}`);
}

interface Tally { questions: number; top1: number; top3: number; sentence: number; answered: number }
const tally = (): Tally => ({ questions: 0, top1: 0, top3: 0, sentence: 0, answered: 0 });

async function squadSection(): Promise<void> {
  const pooled = await loadSquadPooled();
  if (!pooled) return console.log(`squad: skipped, no SQuAD data under ${EVAL_DIR}`);
  const { squad, articles } = pooled;
  const paraCount = articles.reduce((n, a) => n + a.paragraphs.length + a.captions.length, 0);
  let t0 = performance.now();
  const engine = new Engine(articles);
  const buildMs = performance.now() - t0;

  let asked = 0;
  let answered = 0;
  const methods: Record<string, (q: string) => { contexts: string[]; sentence: string }> = {
    pilcrow: (q) => {
      const r = engine.ask(q, { scope: SHARED, top: 3 });
      asked++;
      if (r.answered) answered++;
      return { contexts: r.results.map((x) => x.context), sentence: r.results[0]?.quote ?? '' };
    },
  };
  if (!skipBaselines) Object.assign(methods, baselines(articles));
  const results: Record<string, { dev: Tally; test: Tally; ms: number }> = {};
  for (const [name, run] of Object.entries(methods)) {
    const r = { dev: tally(), test: tally(), ms: 0 };
    const step = name === 'fuse.js default' ? Math.max(sample, 20) : sample;
    let k = 0;
    t0 = performance.now();
    for (const art of squad) {
      const split = isDevArticle(art.id) ? r.dev : r.test;
      for (const q of art.questions) {
        if (k++ % step !== 0) continue;
        const out = run(q.question);
        const gold = art.paragraphs[q.paragraph]!;
        split.questions++;
        if (out.contexts[0] !== undefined && sameText(out.contexts[0], gold)) split.top1++;
        if (out.contexts.slice(0, 3).some((c) => sameText(c, gold))) split.top3++;
        if (containsAnswer(out.sentence, q.answers)) split.sentence++;
      }
    }
    r.ms = performance.now() - t0;
    results[name] = r;
  }
  console.log(`\n## SQuAD v1.1 dev, pooled: ${articles.length} articles, ${paraCount} passages; index built in ${buildMs.toFixed(0)} ms\n`);
  console.log('| method | split | questions | paragraph top-1 | paragraph top-3 | answer sentence top-1 | ms/question |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results)) {
    for (const split of ['dev', 'test'] as const) {
      const t = r[split];
      const ms = (r.ms / Math.max(1, r.dev.questions + r.test.questions)).toFixed(2);
      console.log(`| ${name} | ${split} | ${t.questions} | ${pct(t.top1, t.questions)} | ${pct(t.top3, t.questions)} | ${pct(t.sentence, t.questions)} | ${ms} |`);
    }
  }
  console.log(`\npilcrow answered (did not abstain on) ${pct(answered, asked)} of the SQuAD questions; the figures above rank its results either way.`);
}

/** The baselines from ../shared/eval/README.md, run side by side on the same pooled articles. */
function baselines(articles: readonly Article[]): Record<string, (q: string) => { contexts: string[]; sentence: string }> {
  const paragraphs = articles.flatMap((a) => a.paragraphs.map((p) => ({ id: `${a.id}#${p.n}`, text: p.text, sentences: p.sentences.map((s) => s.text) })));
  const stop = new Set(eng);
  const mini = new MiniSearch({ fields: ['text'], storeFields: ['text'], processTerm: (t) => (stop.has(t.toLowerCase()) ? null : t.toLowerCase()) });
  mini.addAll(paragraphs);
  const sentences = paragraphs.flatMap((p) => p.sentences.map((text, i) => ({ id: `${p.id}.${i}`, text })));
  const miniSentences = new MiniSearch({ fields: ['text'], storeFields: ['text'], processTerm: (t) => (stop.has(t.toLowerCase()) ? null : t.toLowerCase()) });
  miniSentences.addAll(sentences);
  const fuse = new Fuse(paragraphs, { keys: ['text'] });
  const byId = new Map(paragraphs.map((p) => [p.id, p]));
  return {
    'MiniSearch BM25 (stop words, fuzzy 0.2, prefix)': (q) => {
      const hits = mini.search(q, { fuzzy: 0.2, prefix: true });
      const top = hits[0] ? byId.get(hits[0].id as string) : undefined;
      const s = top ? miniSentences.search(q, { fuzzy: 0.2, prefix: true, filter: (r) => (r.id as string).startsWith(`${top.id}.`) })[0] : undefined;
      return { contexts: hits.slice(0, 3).map((h) => byId.get(h.id as string)!.text), sentence: (s?.text as string | undefined) ?? '' };
    },
    'fuse.js default': (q) => {
      const hits = fuse.search(q, { limit: 3 });
      return { contexts: hits.map((h) => h.item.text), sentence: hits[0]?.item.sentences[0] ?? '' };
    },
  };
}

async function quotesSection(): Promise<void> {
  const file = join(EVAL_DIR, 'seed', 'dev-quotes.jsonl');
  if (existsSync(file)) {
    const quotes = await (await openKnowledge()).engine.quotes(SHARED);
    const rows = readJsonl<{ quote: string; speaker: string }>(file);
    console.log('\n## Seed dev quotes\n');
    console.log('| ok | quotation | gold speaker | ours |');
    console.log('|---|---|---|---|');
    let right = 0;
    for (const r of rows) {
      const ours = quotes.find((q) => q.text.includes(r.quote) || r.quote.includes(q.text));
      const ok = ours?.speaker === r.speaker;
      if (ok) right++;
      console.log(`| ${ok ? 'yes' : 'NO'} | ${r.quote} | ${r.speaker} | ${ours?.speaker ?? '(not found)'} |`);
    }
    console.log(`\nseed dev quotes right: ${right}/${rows.length}`);
  } else console.log(`quotes: seed skipped, ${file} not found`);
  if (!hasPolnear()) return console.log(`quotes: PolNeAR skipped, no data under ${EVAL_DIR}`);
  const splits: ('train' | 'dev' | 'test')[] = args.includes('--polnear-test') ? ['train', 'dev', 'test'] : ['train', 'dev'];
  console.log('\n## PolNeAR direct quotations (extraction, and speaker accuracy where the annotated source is a name)\n');
  console.log('| split | articles | our direct quotes | precision | gold direct | recall | named speakers | speaker accuracy | people with a role | annotated roles: given one | agreeing |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const split of splits) {
    const s = scorePolnear(split);
    const r = s.roles;
    console.log(`| ${split} | ${s.articles} | ${s.extracted} | ${pct(s.correct, s.extracted)} | ${s.gold} | ${pct(s.found, s.gold)} | ${s.named} | ${pct(s.namedRight, s.named)} | ${pct(r.withRole, r.people)} of ${r.people} | ${pct(r.annotatedWithRole, r.annotatedFound)} of ${r.annotatedFound} | ${pct(r.annotatedAgree, r.annotatedWithRole)} |`);
  }
  console.log('\nPeople with a role: of the distinct people we find (per article), how many get a role. Annotated roles: of the people we find whose');
  console.log('annotated source span holds words besides the name ("White House press secretary Josh Earnest", "Rep. Gwen Moore (D-Wis.)"),');
  console.log('how many we give a role, and how many of those roles share a word with the annotated span (titles read in full).');
  if (!args.includes('--polnear-test')) console.log('\n(PolNeAR test is reported only with --polnear-test: its README asks that it be looked at once.)');
}

/**
 * Reader questions (../shared/eval/newsqa-style/dev*.jsonl): written from an article's highlights
 * only, in a reader's own words, about half typed as people type in Discord; some have no answer in the
 * article. Each is asked of its own article with all 250 CNN/DM articles loaded (as `/ask article:`),
 * then of all 250 at once.
 *
 * The headline is **cross-validated by article**: the articles are split into READER_FOLDS folds; for
 * each, the rankers and the confidence model are fitted without that fold's reader questions (SQuAD,
 * seed and the other folds' reader questions as `npm run train-ranker` uses them) and its questions
 * are scored with those models only. The figures of the shipped weights (fitted on every dev question)
 * are printed beside it, labelled in-sample. The kept-aside test questions (`--reader-test`) are scored
 * with the shipped weights: nothing was fitted on them.
 */
async function readerSection(split: 'dev' | 'test'): Promise<void> {
  const questions = loadReaderQuestions(split);
  if (!questions) return console.log(`reader: ${split} skipped, ${split === 'test' ? 'the test questions are kept aside' : 'no questions'} (${EVAL_DIR}/newsqa-style)`);
  const data = await loadTrainingData();
  if (!data?.cnndmEngine) return console.log(`reader: skipped, no SQuAD or CNN/DM data under ${EVAL_DIR}`);
  const engine = data.cnndmEngine;
  const articles = new Set(questions.map((q) => q.article));
  console.log(`\n## Reader questions (${split}): ${questions.length} questions on ${articles.size} articles (${questions.filter((q) => q.evidence.length === 0).length} unanswerable, ${questions.filter((q) => q.casual).length} typed casually), ${engine.articlesIn(SHARED).length} CNN/DM articles loaded\n`);
  const shipped: Scored[] = questions.map((q) => scoreReader(engine, q, DEFAULT_WEIGHTS));
  if (split === 'test') {
    printReader('shipped weights (nothing fitted on these questions)', shipped);
    return;
  }
  const started = performance.now();
  const { lists } = rankerLists(data, DEFAULT_WEIGHTS);
  const folds = foldsOf(articles, READER_FOLDS);
  const heldOut: Scored[] = [];
  for (const fold of folds) {
    const weights = { ...fitRankers(lists, fold), sentence: DEFAULT_WEIGHTS.sentence };
    const confidence = fitConfidence(confidenceExamples(data, weights, fold));
    for (const q of questions.filter((x) => fold.has(x.article))) heldOut.push(scoreReader(engine, q, { ...weights, confidence }));
  }
  console.log(`(${READER_FOLDS} folds by article, fitted in ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  printReader(`cross-validated by article (${READER_FOLDS} folds): the headline`, heldOut);
  printReader('in-sample: the shipped weights, fitted on every dev question (not a result)', shipped);
  printStages(heldOut);
  printCalibration(heldOut);
  if (!skipBaselines) readerBaseline(questions, engine.articlesIn(SHARED));
  if (args.includes('--sweep')) readerWeightSweep(lists, folds);
  if (routed) await routedTable(engine, questions);
  if (args.includes('--verbose')) {
    for (const s of heldOut) console.log(`${s.ok ? 'ok ' : 'NO '} ${s.outcome === 'answer' ? 'A' : s.outcome === 'not sure' ? '?' : '-'} ${s.p.toFixed(2)} ${s.stage.padEnd(10)} ${s.q.q} → ${s.quote.slice(0, 100)}`);
  }
}

/**
 * `--routed`: the questions `Engine.answer` takes to /facts, /quote or the newest lead instead of
 * ranking (shipped weights: routing fits nothing), and how each route does against ranking.
 */
async function routedTable(engine: Engine, questions: readonly ReaderQuestion[]): Promise<void> {
  console.log('\n| route (article-scoped) | questions | answerable | routed: right first | ranked: right first | routed: answered and wrong | ranked: answered and wrong | unanswerable: routed abstained | ranked abstained |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const byRoute = new Map<string, { n: number; answerable: number; right: [number, number]; wrong: [number, number]; abstained: [number, number]; unanswerable: number; asked: string[] }>();
  for (const q of questions) {
    const a = await engine.answer(q.q, { scope: { owner: null, article: q.article } });
    if (a.route === 'ranked') continue;
    const r = engine.ask(q.q, { scope: { owner: null, article: q.article } });
    const t = byRoute.get(a.route) ?? { n: 0, answerable: 0, right: [0, 0], wrong: [0, 0], abstained: [0, 0], unanswerable: 0, asked: [] };
    byRoute.set(a.route, t);
    t.n++;
    t.asked.push(q.q);
    [a, r].forEach((x, i) => {
      const right = x.results[0] !== undefined && holdsEvidence(x.results[0].quote, q.evidence);
      if (q.evidence.length === 0) {
        if (!x.answered) t.abstained[i]!++;
      } else {
        if (right) t.right[i]!++;
        if (x.answered && !right) t.wrong[i]!++;
      }
    });
    if (q.evidence.length === 0) t.unanswerable++;
    else t.answerable++;
  }
  if (byRoute.size === 0) console.log('| (none: every question was ranked) | 0 | | | | | | | |');
  for (const [route, t] of byRoute) {
    console.log(`| ${route} | ${t.n} | ${t.answerable} | ${t.right[0]} | ${t.right[1]} | ${t.wrong[0]} | ${t.wrong[1]} | ${t.abstained[0]}/${t.unanswerable} | ${t.abstained[1]}/${t.unanswerable} |`);
  }
  if (args.includes('--verbose')) for (const [route, t] of byRoute) console.log(`${route}: ${t.asked.join(' | ')}`);
}

/** Folds of the reader cross-validation (66 dev articles: 13-14 a fold). */
const READER_FOLDS = 5;

/** Where an answerable question is lost, stage by stage, asked of its own article. */
type Stage = 'candidates' | 'ranking' | 'sentence' | 'not sure' | 'not covered' | 'answered' | 'declined' | 'wrongly answered';

interface Scored {
  readonly q: ReaderQuestion;
  readonly p: number;
  readonly first: boolean;
  readonly top3: boolean;
  readonly outcome: Outcome;
  readonly articleFirst: boolean;
  readonly stage: Stage;
  readonly quote: string;
  /** Right: an answerable question answered right, or an unanswerable one not answered. */
  readonly ok: boolean;
}

/** One reader question asked with `weights` (ranking and confidence), of its article and of all articles. */
function scoreReader(engine: Engine, q: ReaderQuestion, weights: Weights): Scored {
  const all = engine.rankQuestion(q.q, { limit: 400, scope: { owner: null, article: q.article }, weights });
  const ranked = all.ranked;
  const p = all.confidence;
  const outcome = outcomeOf(p, all.query, ranked.slice(0, 3), all.stats);
  const quotes = ranked.slice(0, 3).map((r) => quoteOf(r.entry.passage, r.sentence));
  const answerable = q.evidence.length > 0;
  const first = answerable && quotes[0] !== undefined && holdsEvidence(quotes[0], q.evidence);
  const top3 = answerable && quotes.some((x) => holdsEvidence(x, q.evidence));
  const pool = engine.rankQuestion(q.q, { scope: SHARED, limit: 1, weights });
  let stage: Stage;
  if (!answerable) stage = outcome === 'answer' ? 'wrongly answered' : 'declined';
  else if (!ranked.some((r) => holdsEvidence(r.entry.passage.text, q.evidence))) stage = 'candidates';
  else if (!holdsEvidence(ranked[0]!.entry.passage.text, q.evidence)) stage = 'ranking';
  else if (!first) stage = 'sentence';
  else stage = outcome === 'answer' ? 'answered' : outcome;
  return { q, p, first, top3, outcome, articleFirst: pool.ranked[0]?.entry.article.id === q.article, stage, quote: quotes[0] ?? '(none)', ok: answerable ? first && outcome === 'answer' : outcome !== 'answer' };
}

/** The reader table: all questions, then the tidy and the casual ones apart. */
function printReader(label: string, scored: readonly Scored[]): void {
  console.log(`\n${label}\n`);
  console.log('| questions | right sentence first | in top 3 | answered and right | answered and wrong | unanswerable declined | found but "not covered" | right article first (all 250) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, pick] of [['all', () => true], ['tidy', (s: Scored) => !s.q.casual], ['casual', (s: Scored) => s.q.casual]] as const) {
    const mine = scored.filter(pick);
    const answerable = mine.filter((s) => s.q.evidence.length > 0);
    const unanswerable = mine.filter((s) => s.q.evidence.length === 0);
    const n = answerable.length;
    const count = (f: (s: Scored) => boolean) => answerable.filter(f).length;
    console.log(`| ${name} (${mine.length}) | ${pct(count((s) => s.first), n)} | ${pct(count((s) => s.top3), n)} | ${pct(count((s) => s.first && s.outcome === 'answer'), n)} | ${pct(count((s) => !s.first && s.outcome === 'answer'), n)} | ${pct(unanswerable.filter((s) => s.outcome !== 'answer').length, unanswerable.length)} | ${pct(count((s) => s.top3 && s.outcome === 'not covered'), n)} | ${pct(count((s) => s.articleFirst), n)} |`);
  }
}

/** Where the answerable questions are lost, by stage, and what the unanswerable ones get. */
function printStages(scored: readonly Scored[]): void {
  const answerable = scored.filter((s) => s.q.evidence.length > 0);
  const stages: Stage[] = ['candidates', 'ranking', 'sentence', 'not covered', 'not sure', 'answered'];
  console.log(`\nWhere the right sentence is lost (cross-validated; ${answerable.length} answerable questions, each asked of its article):\n`);
  console.log('| stage | what it means | all | tidy | casual |');
  console.log('|---|---|---|---|---|');
  const meaning: Record<string, string> = {
    candidates: 'no passage of the article holds the evidence as the splitter cut it',
    ranking: 'a passage holding it exists, another passage ranks first',
    sentence: 'the right passage is first, the quoted sentence is another of its sentences',
    'not covered': 'the right sentence is first and labelled "not covered"',
    'not sure': 'the right sentence is first and labelled "not sure"',
    answered: 'the right sentence is first and given as the answer',
  };
  for (const stage of stages) {
    const n = (pick: (s: Scored) => boolean) => `${answerable.filter((s) => pick(s) && s.stage === stage).length}`;
    console.log(`| ${stage} | ${meaning[stage]} | ${n(() => true)} | ${n((s) => !s.q.casual)} | ${n((s) => s.q.casual)} |`);
  }
}

/** Reliability of the cross-validated confidence: by band, how often the first result is right; and the ECE. */
function printCalibration(scored: readonly Scored[]): void {
  const bands = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];
  console.log('\nCalibration of the cross-validated confidence (reader questions; right = the first sentence holds the answer):\n');
  console.log('| confidence | questions | mean confidence | right |');
  console.log('|---|---|---|---|');
  let ece = 0;
  for (let i = 0; i + 1 < bands.length; i++) {
    const band = scored.filter((s) => s.p >= bands[i]! && s.p < bands[i + 1]!);
    if (band.length === 0) continue;
    const mean = band.reduce((a, s) => a + s.p, 0) / band.length;
    const right = band.filter((s) => s.first).length / band.length;
    ece += (band.length / scored.length) * Math.abs(mean - right);
    console.log(`| ${bands[i]!.toFixed(1)}-${Math.min(1, bands[i + 1]!).toFixed(1)} | ${band.length} | ${(100 * mean).toFixed(1)}% | ${(100 * right).toFixed(1)}% |`);
  }
  console.log(`\nexpected calibration error (10 bands): ${(100 * ece).toFixed(1)} points`);
  console.log('\nOperating points on the cross-validated confidence (answer from t):\n');
  console.log('| answer from | answered and right | answered and wrong | unanswerable declined |');
  console.log('|---|---|---|---|');
  const answerable = scored.filter((s) => s.q.evidence.length > 0);
  const unanswerable = scored.filter((s) => s.q.evidence.length === 0);
  const row = (t: number) => ({ right: answerable.filter((s) => s.p >= t && s.first).length, wrong: answerable.filter((s) => s.p >= t && !s.first).length, declined: unanswerable.filter((s) => s.p < t).length });
  for (const t of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]) {
    const r = row(t);
    console.log(`| ${t} | ${pct(r.right, answerable.length)} | ${pct(r.wrong, answerable.length)} | ${pct(r.declined, unanswerable.length)} |`);
  }
  // The operating point: the most answered and right with at most 12% answered and wrong and at least
  // 60% of the unanswerable declined (issue 17's targets), on these cross-validated figures.
  let chosen: { t: number; right: number; wrong: number; declined: number } | null = null;
  for (let t = 0.2; t <= 0.8; t = Math.round((t + 0.005) * 1000) / 1000) {
    const r = row(t);
    if (r.wrong <= 0.12 * answerable.length && r.declined >= 0.6 * unanswerable.length && (!chosen || r.right > chosen.right)) chosen = { t, ...r };
  }
  console.log(chosen
    ? `\noperating point (answered and wrong ≤ 12%, unanswerable declined ≥ 60%, most answered and right): answer from ${chosen.t} → ${pct(chosen.right, answerable.length)} right, ${pct(chosen.wrong, answerable.length)} wrong, ${pct(chosen.declined, unanswerable.length)} declined (shipped: ${CONFIDENCE_DEFAULTS.answer})`
    : '\noperating point: no threshold keeps answered and wrong ≤ 12% with 60% of the unanswerable declined');
}

/** MiniSearch BM25 (stop words, fuzzy 0.2, prefix) on the same questions, as a baseline: nothing fitted. */
function readerBaseline(questions: readonly ReaderQuestion[], articles: readonly Article[]): void {
  const stop = new Set(eng);
  const mini = new MiniSearch({ fields: ['text'], storeFields: ['text', 'article'], processTerm: (t) => (stop.has(t.toLowerCase()) ? null : t.toLowerCase()) });
  mini.addAll(articles.flatMap((a) => a.paragraphs.map((p) => ({ id: `${a.id}#${p.n}`, article: a.id, text: p.text }))));
  const answerable = questions.filter((q) => q.evidence.length > 0);
  let first = 0;
  let top3 = 0;
  let article = 0;
  for (const q of answerable) {
    const hits = mini.search(q.q, { fuzzy: 0.2, prefix: true, filter: (h) => h.article === q.article }).slice(0, 3).map((h) => h.text as string);
    if (hits[0] !== undefined && holdsEvidence(hits[0], q.evidence)) first++;
    if (hits.some((h) => holdsEvidence(h, q.evidence))) top3++;
    if (mini.search(q.q, { fuzzy: 0.2, prefix: true })[0]?.article === q.article) article++;
  }
  console.log(`\nBaseline, MiniSearch BM25 (stop words, fuzzy 0.2, prefix; paragraphs, never abstains): right paragraph first ${pct(first, answerable.length)}, in top 3 ${pct(top3, answerable.length)}, right article first ${pct(article, answerable.length)}`);
}

/**
 * `--sweep`: how much reader questions should weigh against SQuAD's in the ranker fit, by the
 * cross-validated share of held-out reader questions whose right passage ranks first (article model)
 * and whose article ranks first (knowledge-base model).
 */
function readerWeightSweep(lists: readonly TaggedList[], folds: readonly Set<string>[]): void {
  console.log('\nReader weight in the ranker fit (cross-validated top 1 of the held-out reader lists):\n');
  console.log('| reader weight | of its article: right passage first | of all 250: right passage first |');
  console.log('|---|---|---|');
  for (const weight of [0, 1, 3, 10, 30]) {
    const reweighted = lists
      .filter((x) => weight > 0 || !x.source.startsWith('reader'))
      .map((x) => (x.source.startsWith('reader') ? { ...x, example: { ...x.example, weight: x.source === 'reader' ? weight : weight / 2 } } : x));
    const right = { reader: 0, pool: 0, readerN: 0, poolN: 0 };
    for (const fold of folds) {
      const w = fitRankers(reweighted, fold);
      const held = (source: Source) => lists.filter((x) => x.source === source && fold.has(x.article)).map((x) => x.example);
      const r = held('reader');
      const p = held('reader-pool');
      right.reader += top1(Float64Array.from(RANKER_FEATURES, (f) => w.article[f]), r) * r.length;
      right.readerN += r.length;
      right.pool += top1(Float64Array.from(RANKER_FEATURES, (f) => w.ranker[f]), p) * p.length;
      right.poolN += p.length;
    }
    console.log(`| ${weight} | ${pct(right.reader, right.readerN)} | ${pct(right.pool, right.poolN)} |`);
  }
}

/** The two weight sets the scoped section compares on one-article questions. */
type ScopedKind = 'article' | 'whole-base';

/**
 * One-article ranking (`--only scoped`): the reader dev questions, each asked of its own article
 * (scope.article) with all 250 CNN/DM articles loaded, ranked once with the article model
 * (`Weights.article`, what rank.ts reads for a one-article question) and once with the
 * knowledge-base model in its place. Both are fitted per fold in the one `fitRankers` call that
 * `npm run train-ranker` makes (article model on the article lists, knowledge-base model on the
 * whole-base lists), without the fold's articles: cross-validated by article, READER_FOLDS folds
 * in article id order (foldsOf), so two runs print the same. The sentence model is the shipped one
 * (fitted on SQuAD and seed only, as in the reader section). Answerable questions only: the right
 * sentence is one whose quotation holds an evidence span (holdsEvidence).
 */
async function scopedSection(): Promise<void> {
  const questions = loadReaderQuestions('dev');
  if (!questions) return console.log(`scoped: skipped, no reader questions (${EVAL_DIR}/newsqa-style)`);
  const data = await loadTrainingData();
  if (!data?.cnndmEngine) return console.log(`scoped: skipped, no SQuAD or CNN/DM data under ${EVAL_DIR}`);
  const engine = data.cnndmEngine;
  const started = performance.now();
  const answerable = questions.filter((q) => q.evidence.length > 0);
  const folds = foldsOf(questions.map((q) => q.article), READER_FOLDS);
  const { lists } = rankerLists(data, DEFAULT_WEIGHTS);
  const kinds: readonly ScopedKind[] = ['article', 'whole-base'];
  const heldOut: Record<ScopedKind, Ranked[]> = { article: [], 'whole-base': [] };
  const perFold: Record<ScopedKind, RankFigures>[] = [];
  for (const fold of folds) {
    const fitted: Weights = { ...DEFAULT_WEIGHTS, ...fitRankers(lists, fold) };
    const weights: Record<ScopedKind, Weights> = { article: fitted, 'whole-base': asWholeBase(fitted) };
    const mine = answerable.filter((q) => fold.has(q.article));
    const row = {} as Record<ScopedKind, RankFigures>;
    for (const kind of kinds) {
      const ranks = mine.map((q) => ({ article: q.article, rank: rightRank(engine, q, weights[kind]) }));
      for (const r of ranks) heldOut[kind].push(r);
      row[kind] = figuresOf(ranks);
    }
    perFold.push(row);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const shipped: Record<ScopedKind, Weights> = { article: DEFAULT_WEIGHTS, 'whole-base': asWholeBase(DEFAULT_WEIGHTS) };
  const inSample = Object.fromEntries(kinds.map((kind) => [kind, figuresOf(answerable.map((q) => ({ article: q.article, rank: rightRank(engine, q, shipped[kind]) })))])) as Record<ScopedKind, RankFigures>;

  const f = (x: number) => `${(100 * x).toFixed(1)}%`;
  const cells = (r: Record<ScopedKind, RankFigures>) => kinds.map((k) => `${f(r[k].top1)} | ${f(r[k].top3)} | ${r[k].mrr.toFixed(3)}`).join(' | ');
  const header = '| fold | articles | questions | article weights: right sentence first | top 3 | MRR | whole-base weights: right sentence first | top 3 | MRR |';
  const rule = '|---|---|---|---|---|---|---|---|---|';
  console.log(`\n## One-article ranking: the article weights against the whole-base weights\n`);
  console.log(`${answerable.length} answerable reader dev questions (${questions.length - answerable.length} unanswerable left out) on ${new Set(answerable.map((q) => q.article)).size} articles, each asked of its own article with ${engine.articlesIn(SHARED).length} CNN/DM articles loaded; both weight sets fitted without the fold's articles (${READER_FOLDS} folds by article, ${seconds} s)\n`);
  console.log(header);
  console.log(rule);
  perFold.forEach((row, i) => console.log(`| ${i + 1} | ${row.article.articles} | ${row.article.questions} | ${cells(row)} |`));
  const overall = { article: figuresOf(heldOut.article), 'whole-base': figuresOf(heldOut['whole-base']) };
  console.log(`| **all, cross-validated** | ${overall.article.articles} | ${overall.article.questions} | ${cells(overall)} |`);
  const worse = perFold.filter((r) => r.article.top1 < r['whole-base'].top1).length;
  const worseMrr = perFold.filter((r) => r.article.mrr < r['whole-base'].mrr).length;
  console.log(`\nThe article weights rank the right sentence first less often than the whole-base weights in ${worse} of ${READER_FOLDS} folds (MRR lower in ${worseMrr}).`);
  console.log('\nin-sample (not a result): the shipped weights, whose article model was fitted on these very questions\n');
  console.log(header);
  console.log(rule);
  console.log(`| all, in-sample | ${inSample.article.articles} | ${inSample.article.questions} | ${cells(inSample)} |`);
}

/**
 * SQuAD "open": the knowledge base holds half of a split's articles; questions about the other half
 * must not be answered. Run on dev (the confidence model was fitted there) and on test (reported only).
 */
async function squadOpenSection(): Promise<void> {
  const pooled = await loadSquadPooled();
  if (!pooled) return console.log(`squad-open: skipped, no SQuAD data under ${EVAL_DIR}`);
  console.log('\n## SQuAD open: half the articles loaded; questions on the other half have no answer\n');
  console.log('| split | questions on loaded half | answered, right sentence | answered, right paragraph | answered, wrong | not sure | questions on other half | abstained | of which "not covered" |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const split of ['dev', 'test'] as const) {
    const arts = pooled.squad.filter((a) => isDevArticle(a.id) === (split === 'dev'));
    const halves = [arts.filter((_, i) => i % 2 === 0), arts.filter((_, i) => i % 2 === 1)];
    const t = { inside: 0, right: 0, rightParagraph: 0, wrong: 0, unsure: 0, outside: 0, abstained: 0, notCovered: 0 };
    for (const [inside, outside] of [[halves[0]!, halves[1]!], [halves[1]!, halves[0]!]]) {
      const ids = new Set(inside.map((a) => a.id));
      const engine = new Engine(pooled.articles.filter((a) => ids.has(a.id)));
      let k = 0;
      for (const a of inside) {
        for (const q of a.questions) {
          if (k++ % sample !== 0) continue;
          const r = engine.ask(q.question, { scope: SHARED, top: 1 });
          t.inside++;
          const top = r.results[0];
          if (!r.answered) {
            if (r.reason === 'not_sure') t.unsure++;
            continue;
          }
          if (top && containsAnswer(top.quote, q.answers)) t.right++;
          else t.wrong++;
          if (top && sameText(top.context, a.paragraphs[q.paragraph]!)) t.rightParagraph++;
        }
      }
      for (const a of outside) {
        for (const q of a.questions) {
          if (k++ % sample !== 0) continue;
          const r = engine.ask(q.question, { scope: SHARED, top: 1 });
          t.outside++;
          if (!r.answered) t.abstained++;
          if (!r.answered && r.reason !== 'not_sure') t.notCovered++;
        }
      }
    }
    console.log(`| ${split} | ${t.inside} | ${pct(t.right, t.inside)} | ${pct(t.rightParagraph, t.inside)} | ${pct(t.wrong, t.inside)} | ${pct(t.unsure, t.inside)} | ${t.outside} | ${pct(t.abstained, t.outside)} | ${pct(t.notCovered, t.outside)} |`);
  }
}

/**
 * Typos on the seed article: ordinary English words one edit away from a word of the article must
 * never be rewritten ("long" is not "jong"); misspellings of the article's words must still be
 * corrected. Both lists are made from the article's vocabulary, not written by hand.
 */
async function typoSection(): Promise<void> {
  const { engine, meaningProblem } = await openKnowledge();
  if (!engine.meaning) return console.log(`typos: skipped, ${meaningProblem ?? 'the language resources are turned off (MEANING)'}`);
  const { wordnet, vectors } = engine.meaning;
  const vocabulary = [...engine.index.words.keys()].filter((w) => /^[a-z]{4,}$/.test(w));
  const known = new Set(engine.index.words.keys());
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const edits = (w: string) => {
    const out = new Set<string>();
    for (let i = 0; i <= w.length; i++) {
      if (i < w.length) out.add(w.slice(0, i) + w.slice(i + 1));
      if (i + 1 < w.length) out.add(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
      for (const c of letters) {
        if (i < w.length) out.add(w.slice(0, i) + c + w.slice(i + 1));
        out.add(w.slice(0, i) + c + w.slice(i));
      }
    }
    out.delete(w);
    return out;
  };
  // Common English words (among the 30,000 most frequent with a vector, and in WordNet) near the vocabulary.
  const realWords = new Set<string>();
  for (const w of vocabulary) for (const e of edits(w)) if (!known.has(e) && e.length >= 4 && vectors.id(e) >= 0 && vectors.id(e) < 30_000 && wordnet.lemmasOf(e).length > 0) realWords.add(e);
  const rewritten = [...realWords].filter((w) => engine.ask(`what about ${w}`, { scope: SHARED }).corrections.some((c) => c.from === w));
  // Misspellings: for each content word of six letters or more, the first edit (swap, drop, change) that is no word.
  const typos: [string, string][] = [];
  for (const w of vocabulary.filter((x) => x.length >= 6 && engine.index.termId(x) !== undefined)) {
    const typo = [...edits(w)].find((e) => !known.has(e) && wordnet.lemmasOf(e).length === 0 && vectors.id(e) < 0);
    if (typo) typos.push([typo, w]);
  }
  const corrected = typos.filter(([typo, w]) => engine.ask(typo, { scope: SHARED }).corrections.some((c) => c.from === typo && c.to === w));
  console.log('\n## Typos on the seed article\n');
  console.log('| check | words | result |');
  console.log('|---|---|---|');
  console.log(`| common English words one edit from a word of the article, never rewritten | ${realWords.size} | ${pct(realWords.size - rewritten.length, realWords.size)} untouched |`);
  console.log(`| misspellings of the article's words (one edit, not a word), corrected back | ${typos.length} | ${pct(corrected.length, typos.length)} corrected |`);
  if (rewritten.length > 0) console.log(`\nrewritten: ${rewritten.slice(0, 30).join(', ')}`);
  const missed = typos.filter((t) => !corrected.includes(t));
  if (missed.length > 0 && args.includes('--verbose')) console.log(`not corrected: ${missed.map(([t, w]) => `${t}→${w}`).join(', ')}`);
}

/**
 * Digest summaries (../shared/eval/cnndm-xsum-frank): ROUGE-1/2 F1 of the three-sentence summary
 * against the CNN/DM highlights, beside Lead-3 in the same run. FRANK's "valid" articles were used to
 * tune; "test" is reported. Also counts summary sentences that open with an unresolved reference ("He",
 * "This", "The move") whose sentence before is not in the summary right before them.
 */
async function digestSection(): Promise<void> {
  const data = await loadCnndm();
  if (!data) return void console.log('\n(digest: ../shared/eval/cnndm-xsum-frank is absent; skipped)');
  const byId = new Map(data.articles.map((a) => [a.id, a]));
  console.log('\n## Digest summaries: CNN/DailyMail (FRANK) against the reference highlights\n');
  console.log('| split | articles | method | ROUGE-1 | ROUGE-2 | sentences opening with an unresolved reference |');
  console.log('|---|---|---|---|---|---|');
  for (const split of ['valid', 'test'] as const) {
    const rows = data.cnndm.filter((r) => r.frank_split === split);
    const score = { ours: { r1: 0, r2: 0, unresolved: 0, sentences: 0 }, lead: { r1: 0, r2: 0, unresolved: 0, sentences: 0 } };
    for (const r of rows) {
      const article = byId.get(r.id)!;
      // Every sentence of the article in order, to know which one precedes a summary sentence.
      const all = article.paragraphs.flatMap((p) => p.sentences.map((x) => x.text.trim()));
      const ours = summarise(article).map((x) => x.text);
      const lead = r.sentences.slice(0, 3).map((x) => x.trim());
      for (const [key, summary] of [['ours', ours], ['lead', lead]] as const) {
        const text = summary.join(' ');
        score[key].r1 += rougeN(text, r.reference, 1).f1;
        score[key].r2 += rougeN(text, r.reference, 2).f1;
        score[key].sentences += summary.length;
        summary.forEach((sentence, k) => {
          if (standsAlone(sentence)) return;
          const at = all.indexOf(sentence);
          const before = at > 0 ? all[at - 1] : undefined;
          if (k === 0 || summary[k - 1] !== before) score[key].unresolved++;
        });
      }
    }
    const n = rows.length;
    const row = (name: string, s: typeof score.ours) => console.log(`| ${split} | ${n} | ${name} | ${((100 * s.r1) / n).toFixed(2)} | ${((100 * s.r2) / n).toFixed(2)} | ${s.unresolved} of ${s.sentences} |`);
    row('pilcrow summary', score.ours);
    row('Lead-3 (first three sentences)', score.lead);
  }
  console.log('\nROUGE: F1, lower-cased ASCII tokens, no stemming (src/digest/rouge.ts; on all 250 articles Lead-3 gives 39.77 / 18.09, the published figures for this data).');
}

/**
 * Pages (`--only pages`): extractArticle on the 21 saved news pages (../shared/eval/news-html, against
 * Readability's reference text without the few furniture lines it keeps) and on the pages of the ingest
 * cases 12-14 (against the right values of their expected.txt). Per page: the text used (Readability's
 * or the JSON-LD articleBody), the title right, paragraph recall and precision, and how many paragraphs
 * of page furniture (cookies, subscriptions, newsletters, sharing, "read more", date lines:
 * scripts/lib/pages.ts) were kept. --verbose lists them and the lost ones.
 */
function pagesSection(): void {
  // A page's date is an instant (ISO 8601 in UTC); a case may state it as a day ("2024-03-10", midnight UTC).
  const sameInstant = (ours: string | null | undefined, right: string) => typeof ours === 'string' && new Date(ours).getTime() === new Date(right).getTime();
  const news = newsPages();
  const cases = casePages();
  if (news.length === 0 && cases.length === 0) return console.log('pages: skipped, neither ../shared/eval/news-html nor ../shared/real-cases is present');
  console.log('\n## Pages: extractArticle against the right text\n');
  console.log('| page | text used | title right | right ¶ | our ¶ | recall | precision | boilerplate ¶ kept | other metadata right |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const total = { pages: 0, titles: 0, expected: 0, found: 0, ours: 0, right: 0, boilerplate: 0 };
  const row = (c: PageCase) => {
    const r = extractArticle(c.html, c.url);
    const v = r.ok ? r.value : null;
    const s = scorePage(c.name, v?.paragraphs ?? [], c.paragraphs);
    const titleRight = v !== null && c.titles.includes(v.title.replace(/\s+/g, ' ').trim());
    const meta = [c.byline === undefined ? null : `byline ${v?.byline === c.byline ? 'yes' : `NO (${v?.byline ?? 'null'})`}`, c.published === undefined ? null : `published ${sameInstant(v?.published, c.published) ? 'yes' : `NO (${v?.published ?? 'null'})`}`].filter(Boolean).join(', ') || '-';
    total.pages++;
    if (titleRight) total.titles++;
    total.expected += s.expected;
    total.found += s.found;
    total.ours += s.ours;
    total.right += s.right;
    total.boilerplate += s.boilerplate.length;
    console.log(`| ${c.name}${r.ok ? '' : ` (${r.error.code})`} | ${v?.text ?? '-'} | ${titleRight ? 'yes' : 'NO'} | ${s.expected} | ${s.ours} | ${pct(s.found, s.expected)} | ${pct(s.right, s.ours)} | ${s.boilerplate.length} | ${meta} |`);
    if (args.includes('--verbose')) {
      for (const p of s.boilerplate) console.log(`|   kept: ${p.slice(0, 90)} |`);
      for (const p of s.lost) console.log(`|   lost: ${p.slice(0, 90)} |`);
    }
  };
  const sum = (label: string, from: typeof total) => console.log(`| **${label}** (${from.pages}) | | ${from.titles}/${from.pages} | ${from.expected} | ${from.ours} | ${pct(from.found, from.expected)} | ${pct(from.right, from.ours)} | ${from.boilerplate} | |`);
  for (const c of news) row(c);
  if (news.length > 0) sum('saved news pages', { ...total });
  const before = { ...total };
  for (const c of cases) row(c);
  if (cases.length > 0) sum('ingest cases', Object.fromEntries(Object.entries(total).map(([k, n]) => [k, n - before[k as keyof typeof total]])) as typeof total);
  if (news.length === 0) console.log(`\n(${'../shared/eval/news-html'} is absent: the saved news pages were skipped)`);
  if (cases.length === 0) console.log('\n(../shared/real-cases is absent: the ingest cases were skipped)');
}

if (runs('seed')) await seedSection();
if (runs('typos')) await typoSection();
if (runs('squad-open')) await squadOpenSection();
if (runs('reader')) {
  await readerSection('dev');
  if (args.includes('--reader-test')) await readerSection('test');
}
if (runs('scoped')) await scopedSection();
if (runs('squad')) await squadSection();
if (runs('quotes')) await quotesSection();
if (runs('digest')) await digestSection();
if (runs('pages')) pagesSection();
for (const app of opened) await app.close();
