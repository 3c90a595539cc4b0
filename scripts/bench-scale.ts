/**
 * `npm run bench-scale`: how start-up grows with the knowledge base (a script, not a test), as a user
 * meets it: each figure is a `pilcrow` command run start to exit in a process of its own, with its
 * peak RSS. First, `--help` and one question on the bundled article, compiled (dist/) and through tsx
 * side by side. Then, for knowledge folders of 1,000 and 4,671 articles (add 14,000 with
 * `--sizes 1000,4671,14000`; `--skip-quotes` leaves out reading every article's quotations, which
 * takes about four minutes a thousand articles on 2 shared cores), built from the real texts of
 * ../shared/eval (CNN/DM and SQuAD, repeated under new ids where more are needed) in a temporary
 * folder: `ask` with a state database, the first start and the second; `ask` with no state database
 * (a user who only asks questions), the first and the second; every article's people and quotations
 * read once (in worker threads, as the bot does), then a first `quote` (the reading ran through tsx,
 * whose snapshot compiled code does not take: it builds the quotation book from the kept readings and
 * snapshots it), then `quote` and `facts` after a warm start (the book taken back from the snapshot); the check kept aside,
 * `ask --batch` run twice over the same folder with an empty DATA_DIR; and, in a process of its
 * own, the longest the event loop waits while the snapshot is written, in one piece as before and
 * in slices and frames as the bot writes it now (a 1 ms timer's largest gap).
 *
 * `--write-folder DIR --sizes N` only writes a folder of N such articles (to time one command by hand).
 *
 * `--latencies [--sizes 10,100,1000]` prints the older table instead: cold (first open: split, index,
 * read people and quotations in worker threads, and how late a 10 ms timer fires meanwhile: the event
 * loop's delay); warm (the same folder again with the state kept, as a restarted bot: open, first
 * answer, every quotation ready, the peak RSS with everything loaded, and /ask, /quote and
 * article-autocomplete latency p50/p99 over fixed question sets, with MiniSearch over the same
 * paragraphs side by side, time-capped); and `pilcrow ask --batch` with 2,000 questions. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { serialize } from 'node:v8';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadTooling, openApp, openDatabase, type StoreSnapshot } from '../src/engine/index.js';
import { createLogger } from '../src/logger.js';
import { loadCnndm } from './lib/cnndm.js';
import { loadSquadPooled } from './lib/squad.js';
import { SHARED } from '../src/model/scope.js';

const args = process.argv.slice(2);
const child = args.indexOf('--child');
const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;

if (child >= 0) {
  // One size, one phase in a process of its own: `cold` opens the folder the first time; `warm` opens
  // it again with the state kept, as a restarted bot would, and measures everything else. JSON on stdout.
  const [phase, knowledgeDir, dataDir] = [args[child + 1]!, args[child + 2]!, args[child + 3]!];
  const env = { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  const log = createLogger('silent');
  if (phase === 'count') {
    // Only how many passages the folder makes (the start table without quotations).
    const opened = await openApp({ env, state: 'existing', log });
    if (!opened.ok) throw new Error(opened.error.message);
    const { store } = opened.value;
    await opened.value.close();
    process.stdout.write(JSON.stringify({ articles: store.size, passages: store.index.size, readMs: 0, speaker: '' }));
    process.exit(0);
  }
  if (phase === 'loop') {
    // Writing the snapshot, as the bot does after its first sync: the longest the event loop waits
    // (a 1 ms timer's largest gap), one block as before (snapshot(), serialize, writeFileSync) and
    // in slices and frames now (snapshotInTurns, writeSnapshot).
    const opened = await openApp({ env, state: 'existing', log });
    if (!opened.ok) throw new Error(opened.error.message);
    const { store } = opened.value;
    const file = join(dataDir, 'loop-probe.snap');
    const longest = async (run: () => unknown) => {
      let last = performance.now();
      let gap = 0;
      const probe = setInterval(() => {
        const now = performance.now();
        gap = Math.max(gap, now - last);
        last = now;
      }, 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const t = performance.now();
      await run();
      const ms = performance.now() - t;
      await new Promise((resolve) => setTimeout(resolve, 10));
      clearInterval(probe);
      return { gap, ms };
    };
    const { SNAPSHOT_VERSION, writeSnapshot } = await loadTooling();
    const snap = (data: StoreSnapshot) => ({ version: SNAPSHOT_VERSION, stamp: '', dir: knowledgeDir, files: [], problems: [], store: data });
    const before = await longest(() => writeFileSync(file, serialize(snap(store.snapshot()))));
    const after = await longest(async () => writeSnapshot(file, snap(await store.snapshotInTurns())));
    rmSync(file, { force: true });
    await opened.value.close();
    process.stdout.write(JSON.stringify({ before, after }));
    process.exit(0);
  }
  if (phase === 'read') {
    // Every article's people and quotations read once, in worker threads as the bot reads them, and
    // kept in the database the folder's commands open (the state database, or the cache without one).
    const opened = await openApp({ env, state: 'existing', workers: true, log });
    if (!opened.ok) throw new Error(opened.error.message);
    const t = performance.now();
    await opened.value.engine.quotes(SHARED);
    const readMs = performance.now() - t;
    const speaker = (await opened.value.engine.speakers(SHARED))[0] ?? 'said';
    const { store } = opened.value;
    await opened.value.close();
    process.stdout.write(JSON.stringify({ articles: store.size, passages: store.index.size, readMs, speaker }));
    process.exit(0);
  }
  const t0 = performance.now();
  const opened = await openApp({ env, state: 'create', workers: true, log });
  if (!opened.ok) throw new Error(opened.error.message);
  const open = performance.now() - t0;
  const { engine, store } = opened.value;
  if (phase === 'cold') {
    // While every article is read for quotations (in worker threads), how late a 10 ms timer fires:
    // the delay the bot's event loop would add to an answer or a heartbeat.
    const late: number[] = [];
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      late.push(now - last - 10);
      last = now;
    }, 10);
    await engine.quotes(SHARED);
    clearInterval(probe);
    await opened.value.close();
    process.stdout.write(JSON.stringify({ coldOpen: open, coldReady: performance.now() - t0, loop: [quantile(late, 0.99), Math.max(0, ...late)] }));
    process.exit(0);
  }
  const titles = store.articles(SHARED).map((a) => a.title);
  // 1,000 questions over the titles (each title's words, asked four ways); the first 20 warm up caches.
  const questions = Array.from({ length: 1000 }, (_, k) => `${['who said', 'where did', 'when was', 'what happened'][k % 4]} ${titles[Math.floor(k / 4) % titles.length]!.split(' ').slice(k % 3, (k % 3) + 4).join(' ')}`);
  let t = performance.now();
  engine.ask(questions[0]!, { scope: SHARED });
  const firstAnswer = open + performance.now() - t;
  await engine.quotes(SHARED);
  const warmReady = performance.now() - t0;
  for (const q of questions.slice(0, 20)) engine.ask(q, { scope: SHARED });
  const latencies = (run: (q: string) => unknown, inputs: string[]) => inputs.map((q) => {
    const s = performance.now();
    run(q);
    return performance.now() - s;
  });
  const ask = latencies((q) => engine.ask(q, { scope: SHARED }), questions);
  const people = (await engine.speakers(SHARED)).slice(0, 100);
  const quoteTimes: number[] = [];
  for (const p of people) {
    const s = performance.now();
    await engine.quote(p, '', SHARED);
    quoteTimes.push(performance.now() - s);
  }
  const auto = latencies((q) => engine.findArticles(q, SHARED), questions.map((q) => q.split(' ').slice(2, 4).join(' ')));
  // Everything a running bot holds is loaded now (index, word vectors, readings, quotation book).
  const rssMB = process.resourceUsage().maxRSS / 1024;
  const [articles, passages] = [store.size, store.index.size];
  // Many servers: 30 each store an article of their own and ask /quote (each server's book is built
  // beside the shared one): time per server, and how much the heap grew.
  const heapBefore = process.memoryUsage().heapUsed;
  t = performance.now();
  const base = store.articles(SHARED)[0]!;
  for (let k = 0; k < 30; k++) {
    const owner = String(100000000000000000n + BigInt(k));
    store.put({ ...base, id: `bench-own-${k}` }, owner);
    await engine.quote(people[0] ?? 'said', '', { owner });
  }
  const serverMs = (performance.now() - t) / 30;
  const serverHeapMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  // The baselines over the same paragraphs, for scale: MiniSearch and plain fuse.js, index time and
  // query latency over the same questions, each capped at 10 s (saying how many they ran).
  const paragraphs = store.articles(SHARED).flatMap((a) => a.paragraphs.map((p) => ({ id: `${a.id}#${p.n}`, text: p.text })));
  const baseline = (search: (q: string) => unknown) => {
    const times: number[] = [];
    const began = performance.now();
    for (const q of questions.slice(20)) {
      if (performance.now() - began > 10_000) break;
      const s = performance.now();
      search(q);
      times.push(performance.now() - s);
    }
    return times;
  };
  const mini = new MiniSearch({ fields: ['text'] });
  t = performance.now();
  mini.addAll(paragraphs);
  const miniIndex = performance.now() - t;
  const miniTimes = baseline((q) => mini.search(q, { fuzzy: 0.2, prefix: true }));
  t = performance.now();
  const fuse = new Fuse(paragraphs, { keys: ['text'], ignoreLocation: true, threshold: 0.4 });
  const fuseIndex = performance.now() - t;
  const fuseTimes = baseline((q) => fuse.search(q, { limit: 5 }));
  await opened.value.close();
  process.stdout.write(JSON.stringify({
    articles, passages,
    warmOpen: open, firstAnswer, warmReady, rssMB,
    serverMs, serverHeapMB,
    ask: [quantile(ask, 0.5), quantile(ask, 0.99)], quote: [quantile(quoteTimes, 0.5), quantile(quoteTimes, 0.99)], auto: [quantile(auto, 0.5), quantile(auto, 0.99)],
    miniIndex, mini: [quantile(miniTimes, 0.5), quantile(miniTimes, 0.99)], miniQueries: miniTimes.length,
    fuseIndex, fuse: [quantile(fuseTimes, 0.5), quantile(fuseTimes, 0.99)], fuseQueries: fuseTimes.length,
  }));
  process.exit(0);
}

const latenciesTable = args.includes('--latencies');
const sizes = (args[args.indexOf('--sizes') + 1] ?? (latenciesTable ? '10,100,1000' : '1000,4671')).split(',').map(Number).filter((n) => n > 0);
const cnndm = await loadCnndm();
const squad = await loadSquadPooled();
if (!cnndm || !squad) {
  console.log('bench-scale: ../shared/eval is absent; nothing to measure.');
  process.exit(0);
}
const texts = [...cnndm.articles, ...squad.articles].map((a) => `${a.title}\n\n${a.paragraphs.map((p) => p.text).join('\n\n')}\n`);
const ROOT = join(import.meta.dirname, '..');
const writeFolder = args.indexOf('--write-folder');
if (writeFolder >= 0) {
  // Only the folder, for measuring one command by hand: `--write-folder DIR --sizes 4671`.
  const dir = args[writeFolder + 1] ?? '';
  if (dir === '' || dir.startsWith('--')) throw new Error('bench-scale: --write-folder needs a folder');
  knowledgeFolder(dir, sizes[0] ?? 1000);
  console.log(`bench-scale: ${sizes[0] ?? 1000} articles written to ${dir}`);
} else if (latenciesTable) await latencies();
else await starts();

/** Writes a knowledge folder of `size` articles into `dir`. */
function knowledgeFolder(dir: string, size: number): void {
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < size; k++) writeFileSync(join(dir, `a${String(k).padStart(5, '0')}.txt`), texts[k % texts.length]!);
}

/** Runs `pilcrow <args>` in a process of its own: seconds start to exit, and its peak RSS in MB. */
function pilcrow(how: 'compiled' | 'tsx', cliArgs: string[], env: NodeJS.ProcessEnv, input?: string): { s: number; rssMB: number } {
  // The peak RSS, reported by the process itself as it exits.
  const rss = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nbench-rss "+process.resourceUsage().maxRSS+"\\n"))';
  const entry = how === 'compiled' ? [join(ROOT, 'dist', 'src', 'cli', 'bin.js')] : ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts')];
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', rss, ...entry, ...cliArgs], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, ...(input === undefined ? {} : { input: `${input}\n` }) });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`bench-scale: pilcrow ${cliArgs.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 300)}`);
  return { s, rssMB: Number(/bench-rss (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024 };
}

/** The median of `n` runs' seconds. */
function median(n: number, run: () => { s: number }): number {
  const xs = Array.from({ length: n }, () => run().s).sort((a, b) => a - b);
  return xs[Math.floor(n / 2)]!;
}

/** Whether dist/ is at least as new as every source file (else `node dist/…` would run stale code). */
function distFresh(): boolean {
  const built = statSync(join(ROOT, 'dist', 'src', 'cli', 'bin.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const newer = (dir: string): boolean => spawnSync('find', [dir, '-name', '*.ts', '-newermt', `@${Math.floor(built / 1000)}`], { encoding: 'utf8' }).stdout.trim() !== '';
  return built > 0 && !newer(join(ROOT, 'src')) && !newer(join(ROOT, 'commands'));
}

/** The start-up table (the default). */
async function starts(): Promise<void> {
  if (!distFresh()) {
    console.log('bench-scale: dist/ is missing or older than the sources; run `npm run build` first.');
    process.exit(1);
  }
  const s = (x: number) => x.toFixed(2);
  const seedData = mkdtempSync(join(tmpdir(), 'pilcrow-scale-'));
  const seed = { KNOWLEDGE_DIR: join(ROOT, 'knowledge'), DATA_DIR: seedData };
  console.log('## Start to exit, compiled and through tsx (median of 3 runs, seconds)\n');
  console.log('| command | compiled (dist/) | tsx |');
  console.log('|---|---|---|');
  for (const [what, cliArgs] of [['`pilcrow --help`', ['--help']], ['`pilcrow ask` on the bundled article', ['ask', 'Where will the summit be held?']]] as const) {
    console.log(`| ${what} | ${s(median(3, () => pilcrow('compiled', [...cliArgs], seed)))} | ${s(median(3, () => pilcrow('tsx', [...cliArgs], seed)))} |`);
  }
  rmSync(seedData, { recursive: true, force: true });
  console.log('\n## Start to exit as the knowledge folder grows (compiled; seconds, peak RSS in MB)\n');
  console.log('| articles | passages | `ask`, state database: first start | second start | `ask`, no state database: first start | second start | `ask --batch` (3 questions), empty DATA_DIR: first / second run | quotations read once (threads) | `quote`: first after the reading (the book built from the kept readings) / after a warm start | `facts` after a warm start | peak RSS MB: first start / second start / `quote` | writing the snapshot: longest event-loop block, one piece / in slices (ms) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'pilcrow-scale-'));
    try {
      const knowledge = join(dir, 'knowledge');
      knowledgeFolder(knowledge, size);
      const question = ['ask', `What did ${texts[0]!.split('\n')[0]!.split(' ').slice(0, 4).join(' ')}`, '--knowledge', knowledge];
      // A state database, as the bot or `pilcrow ingest` leaves one: created empty here.
      const state = { DATA_DIR: join(dir, 'data') };
      openDatabase(state.DATA_DIR).close();
      const first = pilcrow('compiled', question, state);
      const second = pilcrow('compiled', question, state);
      // No state database: DATA_DIR is empty, as for a user who only asks questions.
      const none = { DATA_DIR: join(dir, 'none') };
      const noneFirst = pilcrow('compiled', question, none);
      const noneSecond = pilcrow('compiled', question, none);
      if (existsSync(join(none.DATA_DIR, 'pilcrow.db'))) throw new Error('bench-scale: a question created the state database');
      // The check kept aside: `ask --batch` twice over the same folder with an empty DATA_DIR.
      const batchEnv = { DATA_DIR: join(dir, 'batch') };
      const batchArgs = ['ask', '--batch', '--knowledge', knowledge];
      const batchInput = ['where is the summit', 'what did the minister say', 'who won the match'].join('\n');
      const batchFirst = pilcrow('compiled', batchArgs, batchEnv, batchInput);
      const batchSecond = pilcrow('compiled', batchArgs, batchEnv, batchInput);
      const loop = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', 'loop', knowledge, state.DATA_DIR], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (loop.status !== 0) throw new Error(`bench-scale: the snapshot write probe failed: ${loop.stderr.slice(-300)}`);
      const blocks = JSON.parse(loop.stdout) as { before: { gap: number }; after: { gap: number } };
      // Reading every article's quotations takes minutes past 1,000 articles on 2 cores: --skip-quotes leaves it out.
      const skip = args.includes('--skip-quotes');
      const read = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', skip ? 'count' : 'read', knowledge, state.DATA_DIR], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (read.status !== 0) throw new Error(`bench-scale: reading quotations failed: ${read.stderr.slice(-300)}`);
      const r = JSON.parse(read.stdout) as { passages: number; readMs: number; speaker: string };
      // The reading ran through tsx, whose snapshot the compiled code does not take (another code
      // stamp): the first compiled `quote` builds the quotation book from the kept readings and keeps
      // it in its snapshot; the next ones are warm starts.
      const quoteFirst = skip ? null : pilcrow('compiled', ['quote', r.speaker, '--knowledge', knowledge], state);
      const quote = skip ? null : pilcrow('compiled', ['quote', r.speaker, '--knowledge', knowledge], state);
      const facts = skip ? null : pilcrow('compiled', ['facts', '--knowledge', knowledge], state);
      const or = (x: { s: number } | null) => (x ? s(x.s) : '—');
      console.log(`| ${size.toLocaleString('en')} | ${r.passages.toLocaleString('en')} | ${s(first.s)} | ${s(second.s)} | ${s(noneFirst.s)} | ${s(noneSecond.s)} | ${s(batchFirst.s)} / ${s(batchSecond.s)} | ${skip ? '—' : s(r.readMs / 1000)} | ${or(quoteFirst)} / ${or(quote)} | ${or(facts)} | ${Math.round(first.rssMB)} / ${Math.round(second.rssMB)} / ${quote ? Math.round(quote.rssMB) : '—'} | ${Math.round(blocks.before.gap)} / ${Math.round(blocks.after.gap)} |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** The older table: cold and warm opens in-process, latencies and baselines (`--latencies`). */
async function latencies(): Promise<void> {
  console.log('## How costs grow with the knowledge base\n');
  console.log('| articles | passages | cold start s | cold, quotations read s | event loop late while reading, p99 / max ms | warm start / first answer s | warm, quotations s | peak RSS, warm, all loaded MB | /ask p50 / p99 ms | /quote p50 / p99 ms | autocomplete p50 / p99 ms | MiniSearch: index s, p50 / p99 ms (queries), its p50 ÷ /ask p50 | fuse.js: index s, p50 / p99 ms (queries), its p50 ÷ /ask p50 | `ask --batch`: start s / ms a question (2,000) | 30 servers with an article each, /quote: ms a server / heap MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'pilcrow-scale-'));
    const knowledge = join(dir, 'knowledge');
    spawnSync('mkdir', ['-p', knowledge]);
    for (let k = 0; k < size; k++) writeFileSync(join(knowledge, `a${String(k).padStart(5, '0')}.txt`), texts[k % texts.length]!);
    const phase = (name: string) => spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', name, knowledge, join(dir, 'data')], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const cold = phase('cold');
    const run = cold.status === 0 ? phase('warm') : cold;
    // `pilcrow ask --batch`, as others measure it: 2,000 questions on the same folder and state (warm),
    // less the same command with one question (start-up), per question.
    const batch = (questions: string[]) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'src', 'cli', 'bin.ts'), 'ask', '--batch', '--knowledge', knowledge], { input: `${questions.join('\n')}\n`, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' } });
      if (r.status !== 0) throw new Error(`bench-scale: ask --batch failed: ${r.stderr.slice(0, 300)}`);
      return performance.now() - t;
    };
    const asked = Array.from({ length: 2000 }, (_, k) => `${['who said', 'where did', 'when was', 'what happened'][k % 4]} ${texts[Math.floor(k / 4) % Math.min(size, texts.length)]!.split('\n')[0]!.split(' ').slice(k % 3, (k % 3) + 4).join(' ')}`);
    const one = run.status === 0 ? batch(asked.slice(0, 1)) : 0;
    const perQuestion = run.status === 0 ? (batch(asked) - one) / (asked.length - 1) : 0;
    rmSync(dir, { recursive: true, force: true });
    if (run.status !== 0) {
      console.log(`| ${size} | failed: ${(run.stderr || '').split('\n').slice(-3).join(' ').slice(0, 200)} |`);
      continue;
    }
    const r = { ...JSON.parse(cold.stdout), ...JSON.parse(run.stdout) } as Record<string, number & number[]>;
    const pair = (x: number[]) => `${x[0]!.toFixed(2)} / ${x[1]!.toFixed(2)}`;
    const s = (ms: number) => (ms / 1000).toFixed(1);
    // How many times /ask's median the baseline's median is.
    const ratio = (x: number[]) => {
      const times = x[0]! / Math.max(1e-9, r.ask[0]!);
      return `${times < 10 ? times.toFixed(1) : Math.round(times).toLocaleString('en')}×`;
    };
    console.log(`| ${r.articles} | ${r.passages} | ${s(r.coldOpen)} | ${s(r.coldReady)} | ${pair(r.loop)} | ${s(r.warmOpen)} / ${s(r.firstAnswer)} | ${s(r.warmReady)} | ${Math.round(r.rssMB)} | ${pair(r.ask)} | ${pair(r.quote)} | ${pair(r.auto)} | ${s(r.miniIndex)}, ${pair(r.mini)} (${r.miniQueries}), ${ratio(r.mini)} | ${s(r.fuseIndex)}, ${pair(r.fuse)} (${r.fuseQueries}), ${ratio(r.fuse)} | ${s(one)} / ${perQuestion.toFixed(2)} | ${r.serverMs.toFixed(0)} / ${r.serverHeapMB.toFixed(0)} |`);
  }
}
