/**
 * `npm run eval`: measures answer quality on real public data read from ../shared/eval (never
 * copied into the repository), and prints tables. Skips a section, with a message, when its data is
 * absent. Options: --squad-sample N (every Nth question, default 1 = all), --skip-baselines,
 * --only seed,typos,reader,squad,squad-open,quotes,digest,pages (some sections), --reader-test (the kept-aside
 * reader questions, when present), --routed (the reader questions also through Engine.answer, which
 * routes "who is X", "what did X say", "what happened" before ranking, with a table per route),
 * --verbose (each reader question and each missed typo).
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
import { rougeN } from '../src/digest/rouge.js';
import { standsAlone, summarise } from '../src/digest/summary.js';
import { Engine, type AskResult } from '../src/engine.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { extractArticle } from '../src/sources/extract.js';
import type { Article } from '../src/knowledge/types.js';
import { holdsEvidence, loadCnndm, loadReaderQuestions, type ReaderQuestion } from './lib/cnndm.js';
import { casePages, newsPages, scorePage, type PageCase } from './lib/pages.js';
import { hasPolnear, scorePolnear } from './lib/polnear.js';
import { EVAL_DIR, isDevArticle, loadSquadPooled, readJsonl, sameText } from './lib/squad.js';

const args = process.argv.slice(2);
const sample = Number(args[args.indexOf('--squad-sample') + 1] ?? 1) || 1;
const skipBaselines = args.includes('--skip-baselines');
const routed = args.includes('--routed');
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
 * Reader questions (../shared/eval/newsqa-style): written from an article's highlights only, in a
 * reader's own words; 13 of the 60 dev questions have no answer. Each is asked of its own article with
 * all 250 CNN/DM articles loaded (as `/ask article:`), then of all 250 at once.
 */
async function readerSection(split: 'dev' | 'test'): Promise<void> {
  const questions = loadReaderQuestions(split);
  if (!questions) return console.log(`reader: ${split} skipped, ${split === 'test' ? 'the test questions are kept aside' : 'no questions'} (${EVAL_DIR}/newsqa-style)`);
  const loaded = await loadCnndm();
  if (!loaded) return console.log(`reader: skipped, no CNN/DM articles under ${EVAL_DIR}`);
  const engine = new Engine(loaded.articles);
  type Outcome = { answered: boolean; unsure: boolean; quotes: string[]; articles: string[] };
  type Run = (q: ReaderQuestion, scoped: boolean) => Outcome | Promise<Outcome>;
  const outcome = (r: AskResult): Outcome => ({ answered: r.answered, unsure: r.outcome === 'not sure', quotes: r.results.map((x) => x.quote), articles: r.results.map((x) => x.articleId) });
  const methods: Record<string, Run> = {
    pilcrow: (q, scoped) => outcome(engine.ask(q.q, scoped ? { articleId: q.article } : {})),
  };
  // --routed: also Engine.answer, which answers "who is X", "what did X say", "what happened" as
  // /facts, /quote and the newest lead before ranking; and, per route, how it does against ranking.
  if (routed) methods['pilcrow, routed (Engine.answer)'] = async (q, scoped) => outcome(await engine.answer(q.q, scoped ? { articleId: q.article } : {}));
  if (!skipBaselines) {
    const stop = new Set(eng);
    const mini = new MiniSearch({ fields: ['text'], storeFields: ['text', 'article'], processTerm: (t) => (stop.has(t.toLowerCase()) ? null : t.toLowerCase()) });
    mini.addAll(loaded.articles.flatMap((a) => a.paragraphs.map((p) => ({ id: `${a.id}#${p.n}`, article: a.id, text: p.text }))));
    methods['MiniSearch BM25 (stop words, fuzzy 0.2, prefix)'] = (q, scoped) => {
      const hits = mini.search(q.q, { fuzzy: 0.2, prefix: true, ...(scoped ? { filter: (h) => h.article === q.article } : {}) }).slice(0, 3);
      return { answered: hits.length > 0, unsure: false, quotes: hits.map((h) => h.text as string), articles: hits.map((h) => h.article as string) };
    };
  }
  const answerable = questions.filter((q) => q.evidence.length > 0);
  const unanswerable = questions.filter((q) => q.evidence.length === 0);
  console.log(`\n## Reader questions (${split}): ${questions.length} questions (${unanswerable.length} unanswerable), ${loaded.articles.length} CNN/DM articles loaded\n`);
  console.log('| method | right sentence first | in top 3 | answered and right | answered and wrong | unanswerable abstained | right article first (all 250) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, run] of Object.entries(methods)) {
    let first = 0;
    let top3 = 0;
    let answeredRight = 0;
    let answeredWrong = 0;
    let article = 0;
    for (const q of answerable) {
      const r = await run(q, true);
      const right = r.quotes[0] !== undefined && holdsEvidence(r.quotes[0], q.evidence);
      if (right) first++;
      if (r.quotes.slice(0, 3).some((x) => holdsEvidence(x, q.evidence))) top3++;
      if (r.answered && right) answeredRight++;
      if (r.answered && !right) answeredWrong++;
      if ((await run(q, false)).articles[0] === q.article) article++;
    }
    let abstained = 0;
    for (const q of unanswerable) if (!(await run(q, true)).answered) abstained++;
    const n = answerable.length;
    console.log(`| ${name} | ${pct(first, n)} (${first}/${n}) | ${pct(top3, n)} (${top3}) | ${pct(answeredRight, n)} (${answeredRight}) | ${pct(answeredWrong, n)} (${answeredWrong}) | ${pct(abstained, unanswerable.length)} (${abstained}/${unanswerable.length}) | ${pct(article, n)} (${article}) |`);
  }
  if (routed) {
    console.log('\n| route (article-scoped) | questions | answerable | routed: right first | ranked: right first | routed: answered and wrong | ranked: answered and wrong | unanswerable: routed abstained | ranked abstained |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    const byRoute = new Map<string, { n: number; answerable: number; right: [number, number]; wrong: [number, number]; abstained: [number, number]; unanswerable: number; asked: string[] }>();
    for (const q of questions) {
      const a = await engine.answer(q.q, { articleId: q.article });
      if (a.route === 'ranked') continue;
      const r = engine.ask(q.q, { articleId: q.article });
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
  if (args.includes('--verbose')) {
    for (const q of questions) {
      const r = engine.ask(q.q, { articleId: q.article });
      const ok = q.evidence.length === 0 ? !r.answered : r.results[0] !== undefined && holdsEvidence(r.results[0].quote, q.evidence);
      console.log(`${ok ? 'ok ' : 'NO '} ${r.answered ? 'A' : r.reason === 'not_sure' ? '?' : '-'} ${q.q} → ${r.results[0]?.quote.slice(0, 100) ?? '(none)'}`);
    }
  }
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
          const r = engine.ask(q.question, { top: 1 });
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
          const r = engine.ask(q.question, { top: 1 });
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
  const loaded = await loadKnowledge(join(import.meta.dirname, '..', 'knowledge'));
  if (!loaded.ok) throw new Error(`eval: ${loaded.error.message}`);
  const engine = new Engine(loaded.value.articles);
  if (!engine.meaning) return console.log(`typos: skipped, ${engine.meaningProblem}`);
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
  const rewritten = [...realWords].filter((w) => engine.ask(`what about ${w}`).corrections.some((c) => c.from === w));
  // Misspellings: for each content word of six letters or more, the first edit (swap, drop, change) that is no word.
  const typos: [string, string][] = [];
  for (const w of vocabulary.filter((x) => x.length >= 6 && engine.index.termId(x) !== undefined)) {
    const typo = [...edits(w)].find((e) => !known.has(e) && wordnet.lemmasOf(e).length === 0 && vectors.id(e) < 0);
    if (typo) typos.push([typo, w]);
  }
  const corrected = typos.filter(([typo, w]) => engine.ask(typo).corrections.some((c) => c.from === typo && c.to === w));
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
if (runs('squad')) await squadSection();
if (runs('quotes')) await quotesSection();
if (runs('digest')) await digestSection();
if (runs('pages')) pagesSection();
