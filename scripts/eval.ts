/**
 * `npm run eval`: measures answer quality on real public data read from ../shared/eval (never
 * copied into the repository), and prints tables. Skips a section, with a message, when its data is
 * absent. Options: --squad-sample N (every Nth question, default 1 = all), --skip-baselines.
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
import { Engine } from '../src/engine.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import type { Article } from '../src/knowledge/types.js';
import { hasPolnear, scorePolnear } from './lib/polnear.js';
import { EVAL_DIR, isDevArticle, loadSquadPooled, readJsonl, sameText } from './lib/squad.js';

const args = process.argv.slice(2);
const sample = Number(args[args.indexOf('--squad-sample') + 1] ?? 1) || 1;
const skipBaselines = args.includes('--skip-baselines');
/** Sections to run: --only seed,squad,quotes (default all). PolNeAR test is reported only with --polnear-test. */
const only = (args[args.indexOf('--only') + 1] ?? '').split(',').filter(Boolean);
const runs = (section: string) => !args.includes('--only') || only.includes(section);

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

/** SQuAD's answer normalisation: lower-case, no punctuation, no articles, single spaces. */
function squadNormalise(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\b(a|an|the)\b/g, ' ').replace(/\s+/g, ' ').trim();
}
const containsAnswer = (text: string, answers: string[]) => {
  const t = ` ${squadNormalise(text)} `;
  return answers.some((a) => t.includes(` ${squadNormalise(a)} `));
};

async function seedSection(): Promise<void> {
  const file = join(EVAL_DIR, 'seed', 'dev-questions.jsonl');
  if (!existsSync(file)) return console.log(`seed: skipped, ${file} not found`);
  const loaded = await loadKnowledge(join(import.meta.dirname, '..', 'knowledge'));
  if (!loaded.ok) throw new Error(`eval: ${loaded.error.message}`);
  const engine = new Engine(loaded.value.articles);
  const rows = readJsonl<{ q: string; evidence: string[] }>(file);
  let right = 0;
  console.log('\n## Seed dev questions (knowledge/)\n');
  console.log('| ok | question | got |');
  console.log('|---|---|---|');
  for (const { q, evidence } of rows) {
    const a = engine.ask(q);
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
      const r = engine.ask(q, { top: 3 });
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
    const loaded = await loadKnowledge(join(import.meta.dirname, '..', 'knowledge'));
    if (!loaded.ok) throw new Error(`eval: ${loaded.error.message}`);
    const quotes = await new Engine(loaded.value.articles).quotes();
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
  console.log('| split | articles | our direct quotes | precision | gold direct | recall | named speakers | speaker accuracy |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const split of splits) {
    const s = scorePolnear(split);
    console.log(`| ${split} | ${s.articles} | ${s.extracted} | ${pct(s.correct, s.extracted)} | ${s.gold} | ${pct(s.found, s.gold)} | ${s.named} | ${pct(s.namedRight, s.named)} |`);
  }
  if (!args.includes('--polnear-test')) console.log('\n(PolNeAR test is reported only with --polnear-test: its README asks that it be looked at once.)');
}

if (runs('seed')) await seedSection();
if (runs('squad')) await squadSection();
if (runs('quotes')) await quotesSection();
