/**
 * `npm run bench`: answer speed on a real corpus, reported as a ratio against a baseline run side by
 * side (MiniSearch BM25 over the same paragraphs), because machines here are shared and noisy.
 * Corpus: the 48 SQuAD articles pooled (2,067 paragraphs) and their first N questions (default 10,000),
 * read from ../shared/eval; falls back to the seed article with its dev questions repeated.
 * Also times `pilcrow ask --batch` end to end on the same questions, and the cost of the language
 * resources: answer time with and without them (MEANING=off), and a one-question `pilcrow ask` on the
 * seed article, start to exit, with its peak memory, both ways.
 * Options: --questions N.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MiniSearch from 'minisearch';
import { eng } from 'stopword';
import { Engine, loadTooling } from '../src/engine/index.js';
import type { Article } from '../src/model/article.js';
import { loadSquadPooled } from './lib/squad.js';
import { SHARED } from '../src/model/scope.js';

const { loadKnowledge } = await loadTooling();

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const wanted = Number(args[args.indexOf('--questions') + 1] ?? 10_000) || 10_000;

// The CLI batch run below reads a knowledge folder, so the articles are also written to one.
const dir = mkdtempSync(join(tmpdir(), 'pilcrow-bench-'));
let questions: string[];
let corpus: string;
let articles: readonly Article[];
const pooled = await loadSquadPooled();
if (pooled) {
  articles = pooled.articles;
  for (const a of pooled.squad) writeFileSync(join(dir, `${a.id}.txt`), `${a.title.replace(/_/g, ' ')}\n\n${a.paragraphs.join('\n\n')}\n`);
  questions = pooled.squad.flatMap((a) => a.questions.map((q) => q.question)).slice(0, wanted);
  corpus = 'SQuAD v1.1 dev, 48 articles pooled';
} else {
  writeFileSync(join(dir, 'seed.txt'), readFileSync(join(ROOT, 'knowledge', 'trump-putin-summit.txt')));
  const loaded = await loadKnowledge(dir);
  if (!loaded.ok) throw new Error(`bench: ${loaded.error.message}`);
  articles = loaded.value.articles;
  const base = ['where is the summit', 'who is the national security adviser', 'putn electon medling', 'banana bread recipe'];
  questions = Array.from({ length: wanted }, (_, i) => base[i % base.length]!);
  corpus = 'the seed article (../shared/eval absent)';
}
const passages = articles.reduce((n, a) => n + a.paragraphs.length + a.captions.length, 0);

let t0 = performance.now();
const engine = new Engine(articles);
const buildPilcrow = performance.now() - t0;
t0 = performance.now();
const plain = new Engine(articles, { meaning: null });
const buildPlain = performance.now() - t0;
const stop = new Set(eng);
t0 = performance.now();
const mini = new MiniSearch({ fields: ['text'], processTerm: (t) => (stop.has(t.toLowerCase()) ? null : t.toLowerCase()) });
mini.addAll(articles.flatMap((a) => a.paragraphs.map((p) => ({ id: `${a.id}#${p.n}`, text: p.text }))));
const buildMini = performance.now() - t0;

function time(run: (q: string) => unknown): number[] {
  for (const q of questions.slice(0, 200)) run(q); // warm-up
  return questions.map((q) => {
    const s = performance.now();
    run(q);
    return performance.now() - s;
  });
}
const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
// Interleaving the two runs twice evens out load from other processes on a shared machine.
const ours = time((q) => engine.ask(q, { scope: SHARED }));
const theirs = time((q) => mini.search(q, { fuzzy: 0.2, prefix: true }));
const words = time((q) => plain.ask(q, { scope: SHARED }));
const ours2 = time((q) => engine.ask(q, { scope: SHARED }));
const all = ours.concat(ours2);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

console.log(`## Speed on ${corpus}: ${articles.length} articles, ${passages} passages, ${questions.length} questions\n`);
console.log('| engine | index build ms | median ms | p99 ms | total s | ratio to baseline (total) |');
console.log('|---|---|---|---|---|---|');
console.log(`| pilcrow ask (top 3, with sentence and answer selection) | ${buildPilcrow.toFixed(0)} | ${quantile(all, 0.5).toFixed(3)} | ${quantile(all, 0.99).toFixed(3)} | ${(sum(all) / 2000).toFixed(2)} | ${(sum(all) / 2 / sum(theirs)).toFixed(2)} |`);
console.log(`| pilcrow ask, MEANING=off (words as written only) | ${buildPlain.toFixed(0)} | ${quantile(words, 0.5).toFixed(3)} | ${quantile(words, 0.99).toFixed(3)} | ${(sum(words) / 1000).toFixed(2)} | ${(sum(words) / sum(theirs)).toFixed(2)} |`);
console.log(`| baseline: MiniSearch BM25 search (fuzzy 0.2, prefix) | ${buildMini.toFixed(0)} | ${quantile(theirs, 0.5).toFixed(3)} | ${quantile(theirs, 0.99).toFixed(3)} | ${(sum(theirs) / 1000).toFixed(2)} | 1.00 |`);

// End to end: the CLI's batch mode, process start and knowledge loading included.
t0 = performance.now();
const child = spawn(process.execPath, [join(ROOT, 'bin', 'pilcrow.js'), 'ask', '--batch', '--knowledge', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
let lines = 0;
child.stdout.on('data', (d: Buffer) => (lines += d.toString().split('\n').length - 1));
child.stdin.end(`${questions.join('\n')}\n`);
await new Promise((r) => child.on('close', r));
console.log(`\n\`pilcrow ask --batch\`: ${lines} JSON lines for ${questions.length} questions in ${((performance.now() - t0) / 1000).toFixed(1)} s (process start and loading included).`);
rmSync(dir, { recursive: true, force: true });

// Start-up and memory: one question on the seed article, process start to exit, with and without the
// language resources, alternating runs so that both see the same machine load.
const once = (meaning: 'on' | 'off') => {
  const started = performance.now();
  const bin = pathToFileURL(join(ROOT, 'bin', 'pilcrow.js')).href;
  const script = `process.on('exit', () => process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n')); await import(${JSON.stringify(bin)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, 'ask', 'where is the summit', '--knowledge', join(ROOT, 'knowledge')], { env: { ...process.env, MEANING: meaning }, encoding: 'utf8' });
  const rss = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { ms: performance.now() - started, rss };
};
const runs = { on: [] as { ms: number; rss: number }[], off: [] as { ms: number; rss: number }[] };
for (let i = 0; i < 5; i++) {
  runs.on.push(once('on'));
  runs.off.push(once('off'));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('\n| `pilcrow ask` on the seed article, start to exit (5 runs each) | median s | peak RSS MB |');
console.log('|---|---|---|');
for (const [name, r] of Object.entries(runs)) console.log(`| MEANING=${name} | ${(median(r.map((x) => x.ms)) / 1000).toFixed(2)} | ${Math.max(...r.map((x) => x.rss)).toFixed(0)} |`);
