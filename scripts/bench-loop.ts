/**
 * The event-loop part of `npm run bench-ingest` (a script, not a test): how late the bot's event loop
 * runs, and how long an /ask waits, while large or hostile input is ingested. Each scenario runs in a
 * process of its own through the bot's own path (openApp with worker threads, the Ingester of /ingest
 * and the FeedPoller of /feed), twice side by side: with pages, feeds and files read and articles
 * made ready on the main thread (`inline`: today's code run as the CLI runs it) and in worker threads (`threads`: the bot).
 *
 * Scenarios (inputs written to a temporary folder and served from 127.0.0.1):
 * - rel-02: /ingest of a text file with one 1 MB paragraph (../shared/real-cases/rel-02, or made alike);
 * - rel-03: /ingest of a 4.5 MB text file of about 37,000 paragraphs;
 * - rel-04: a feed whose two pages are hostile: one 4 MB paragraph, and 100,000 nested elements;
 * - burst: 20 feeds of 50 items each polled at once (1,000 articles: the CNN/DM texts, or made ones).
 * The time counted runs until every stored article's people and quotations have been read too (in
 * the reading threads, in both ways, as the bot does). Meanwhile a question is asked every 50 ms
 * ("/ask"): its wait is from when it was due to its answer.
 * Reported: event-loop delay (monitorEventLoopDelay, 10 ms resolution) p50 / p99 / max, the longest
 * /ask wait, and how many waited over 3 s (Discord's deadline). Goal: p99 ≤ 50 ms, max ≤ 250 ms.
 *
 * Options: --scenarios rel-02,rel-03,rel-04,burst  --ways inline,threads  --inputs DIR (keep the inputs)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadLive, openApp } from '../src/engine/index.js';
import { createLogger } from '../src/logger.js';
import { cnndmFile, type CnndmArticle } from './lib/cnndm.js';
import { EVAL_DIR, readJsonl } from './lib/squad.js';

const { FeedPoller, FeedRepository, Ingester } = await loadLive();

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const SCENARIOS = flag('--scenarios', 'rel-02,rel-03,rel-04,burst').split(',');
const WAYS = flag('--ways', 'inline,threads').split(',') as ('inline' | 'threads')[];
const GUILD = '1123456789012345678';
const ASK_EVERY_MS = 50;

interface Measured {
  scenario: string;
  way: string;
  seconds: number;
  /** Seconds after the ingestion until every stored article's people and quotations were read. */
  readSeconds: number;
  stored: number;
  loop: { p50: number; p99: number; max: number };
  ask: { count: number; max: number; over3s: number };
  note: string;
}

const child = args.indexOf('--child');
if (child >= 0) {
  process.stdout.write(JSON.stringify(await runScenario(args[child + 1]!, args[child + 2]! as 'inline' | 'threads', args[child + 3]!)));
  process.exit(0);
}

// --inputs DIR writes the inputs there and keeps them (to profile one scenario: --child <scenario> <way> DIR).
const kept = args.includes('--inputs') ? flag('--inputs', '') : null;
const dir = kept ?? mkdtempSync(join(tmpdir(), 'pilcrow-bench-loop-'));
try {
  mkdirSync(dir, { recursive: true });
  writeInputs(dir);
  const rows: Measured[] = [];
  for (const scenario of SCENARIOS) {
    for (const way of WAYS) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', scenario, way, dir], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, LOG_LEVEL: 'silent' } });
      if (run.status !== 0) throw new Error(`bench-loop: ${scenario} ${way} failed: ${run.stderr.slice(-2000)}`);
      const row = JSON.parse(run.stdout) as Measured;
      rows.push(row);
      console.error(`${scenario} ${way}: ${JSON.stringify(row)}`);
    }
  }
  console.log('## The event loop while ingesting (npm run bench-ingest; scripts/bench-loop.ts)\n');
  console.log('| input | pages, feeds, files read | stored in s | then read in s | stored | loop delay p50 / p99 / max ms | /ask longest wait ms | /ask over 3 s | |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.scenario} | ${r.way === 'inline' ? 'on the main thread' : 'in worker threads (the bot)'} | ${r.seconds.toFixed(1)} | ${r.readSeconds.toFixed(1)} | ${r.stored} | ${r.loop.p50.toFixed(1)} / ${r.loop.p99.toFixed(1)} / ${r.loop.max.toFixed(0)} | ${r.ask.max.toFixed(0)} | ${r.ask.over3s} of ${r.ask.count} | ${r.note} |`);
  }
} finally {
  if (!kept) rmSync(dir, { recursive: true, force: true });
}

/** Writes the scenarios' files into `dir`. */
function writeInputs(dir: string): void {
  const rel02 = join(EVAL_DIR, '..', 'real-cases', 'rel-02', 'one-paragraph-1mb.txt');
  const sentence = 'The committee said on Tuesday that the new bridge across the river would open next spring after delays.';
  writeFileSync(join(dir, 'one-paragraph-1mb.txt'), existsSync(rel02) ? readFileSync(rel02) : `One long paragraph\n\n${Array.from({ length: 9600 }, () => sentence).join(' ')}\n`);
  const lines = ['A very long report', ''];
  let size = 0;
  for (let k = 0; size < 4.5e6; k++) {
    const p = `${['The council met on Monday to set the budget for the coming year.', 'Officials in Wales warned drivers about snow on the mountain roads near the pass.', '"We will not give up," said Mary Jones, the council leader.'][k % 3]} Paragraph ${k} of the long report.`;
    lines.push(p, '');
    size += p.length + 2;
  }
  writeFileSync(join(dir, 'long-report.txt'), lines.join('\n'));
  const www = join(dir, 'www');
  mkdirSync(www, { recursive: true });
  writeFileSync(join(www, 'huge-paragraph.html'), `<!doctype html><html><head><title>One huge paragraph</title></head><body><article><h1>One huge paragraph</h1><p>${Array.from({ length: 38_000 }, () => sentence).join(' ')}</p></article></body></html>`);
  writeFileSync(join(www, 'nested.html'), `<!doctype html><html><head><title>Nested</title></head><body>${'<div>'.repeat(100_000)}<p>${sentence}</p>${'</div>'.repeat(100_000)}</body></html>`);
  writeFileSync(join(www, 'hostile.xml'), feedXml('Hostile', ['huge-paragraph.html', 'nested.html'].map((f) => ({ title: f, link: `/${f}` }))));
  const stories = existsSync(cnndmFile) ? readJsonl<CnndmArticle>(cnndmFile).map((a) => a.sentences.filter((s) => s.trim() !== '')) : Array.from({ length: 250 }, (_, k) => Array.from({ length: 20 }, (_, p) => `Paragraph ${p} of story ${k} tells what happened in the town on Monday, and what the council said.`));
  for (let feed = 0; feed < 20; feed++) {
    const items = Array.from({ length: 50 }, (_, i) => {
      const n = feed * 50 + i;
      const paragraphs = [...stories[n % stories.length]!, `This is story number ${n} of the burst.`];
      writeFileSync(join(www, `story-${n}.html`), `<!doctype html><html><head><title>Story ${n}</title></head><body><nav><a href="/">Home</a></nav><article><h1>Story ${n} of the day</h1>${paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('')}</article></body></html>`);
      return { title: `Story ${n} of the day`, link: `/story-${n}.html` };
    });
    writeFileSync(join(www, `burst-${feed}.xml`), feedXml(`Burst ${feed}`, items));
  }
}

function feedXml(title: string, items: { title: string; link: string }[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title><link>/</link><description>d</description>${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.link}</guid></item>`).join('')}</channel></rss>`;
}

/** One scenario, one way, in this process. */
async function runScenario(scenario: string, way: 'inline' | 'threads', dir: string): Promise<Measured> {
  const www = join(dir, 'www');
  const server = createServer((req, res) => {
    const file = join(www, (req.url ?? '/').split('?')[0]!.replace(/^\/+/, ''));
    if (!existsSync(file) || !/\.(?:html|xml)$/.test(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.xml') ? 'application/rss+xml' : 'text/html; charset=utf-8' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const data = mkdtempSync(join(tmpdir(), 'pilcrow-bench-loop-data-'));
  const log = createLogger('silent');
  const opened = await openApp({ env: { DATA_DIR: data, LOG_LEVEL: 'silent', ALLOW_PRIVATE_URLS: 'true' }, state: 'create', workers: true, sourceWork: way, log });
  if (!opened.ok) throw new Error(opened.error.message);
  const app = opened.value;
  app.engine.startReading();
  // As the bot does once its folder is read: the word morphology loaded, and one question asked.
  app.store.meaning?.wordnet.warm();
  app.engine.ask('when will the new bridge open', { scope: { owner: GUILD } });
  const ingester = new Ingester(app.library, { allowPrivate: true });
  const poller = new FeedPoller({ feeds: new FeedRepository(app.state!), library: app.library, log, allowPrivate: true, options: { timeoutSeconds: 30 } });

  // A question every 50 ms, as members keep asking: its wait counts from when it was due.
  const waits: number[] = [];
  let asking = true;
  let due = performance.now() + ASK_EVERY_MS;
  const ask = () => {
    if (!asking) return;
    app.engine.ask('when will the new bridge open', { scope: { owner: GUILD } });
    waits.push(performance.now() - due);
    due += ASK_EVERY_MS;
    setTimeout(ask, Math.max(0, due - performance.now()));
  };
  setTimeout(ask, ASK_EVERY_MS);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  let note = '';
  const by = { owner: GUILD, origin: 'ingest' as const, user: null };
  if (scenario === 'rel-02' || scenario === 'rel-03') {
    const file = scenario === 'rel-02' ? 'one-paragraph-1mb.txt' : 'long-report.txt';
    const added = await ingester.fromFile(file, readFileSync(join(dir, file)), by);
    note = added.ok ? `${added.value.article.paragraphs.length} paragraph(s), answerable` : added.error.message;
  } else if (scenario === 'rel-04') {
    const added = await poller.add(GUILD, `${base}/hostile.xml`, { announceChannel: null, addedBy: null });
    if (!added.ok) throw new Error(added.error.message);
    await poller.pollDue();
    const feed = (await poller.list(GUILD))[0]!;
    note = `feed: ${feed.skippedRun} item(s) skipped${feed.skipProblem ? ` (${feed.skipProblem.slice(0, 80)})` : ''}`;
  } else {
    for (let f = 0; f < 20; f++) {
      const added = await poller.add(GUILD, `${base}/burst-${f}.xml`, { announceChannel: null, addedBy: null });
      if (!added.ok) throw new Error(added.error.message);
    }
    await poller.pollDue();
  }
  const seconds = (performance.now() - started) / 1000;
  // Then each stored article's people and quotations are read (worker threads in both ways, as the
  // bot does) and their readings taken back here: part of adding an article, measured too.
  for (const { article, owner } of app.store.stored({ owner: GUILD })) if (owner === GUILD) await app.store.reading(article.id);
  const readSeconds = (performance.now() - started) / 1000 - seconds;
  // The questions that fell due while the loop was held are answered now: let them, and the delay be recorded.
  await new Promise((resolve) => setTimeout(resolve, 4 * ASK_EVERY_MS));
  asking = false;
  loop.disable();
  const stored = app.store.stored({ owner: GUILD }).filter((a) => a.owner === GUILD).length;
  await poller.stop();
  await app.close();
  server.close();
  rmSync(data, { recursive: true, force: true });
  const ms = (ns: number) => ns / 1e6;
  return {
    scenario, way, seconds, readSeconds, stored,
    loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    ask: { count: waits.length, max: Math.max(0, ...waits), over3s: waits.filter((w) => w > 3000).length },
    note,
  };
}

