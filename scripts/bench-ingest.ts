/**
 * `npm run bench-ingest`: how fast articles come in, measured on this machine (a script, not a test).
 * 1. Articles per second through the whole path a feed item takes: fetch from a local HTTP server on
 *    127.0.0.1, Readability extraction, storing (SQLite) and indexing; with each step's share. Pages:
 *    the saved news pages of ../shared/eval/news-html (or generated ones when absent), served N times.
 * 2. Adding one article to a store that already holds the 2,067 SQuAD paragraphs, against building
 *    the whole store again with it (what a build-once engine had to do), side by side.
 * Options: --rounds N (default 3 passes over the pages).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Engine, loadLive, loadTooling, openDatabase } from '../src/engine/index.js';
import { createLogger } from '../src/logger.js';
import { EVAL_DIR, loadSquadPooled } from './lib/squad.js';

const { ArticleRepository, decodeHtml, extractArticle, AddedArticles, parseArticle, partsOfPage, safeFetch, SqliteSql } = await loadTooling();
const { PAGE_TYPES } = await loadLive();

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 3) || 3;

// The pages: real ones when the eval data is there.
const pagesDir = join(EVAL_DIR, 'news-html');
let pages: { name: string; html: string }[];
if (existsSync(pagesDir)) {
  pages = readdirSync(pagesDir).filter((d) => existsSync(join(pagesDir, d, 'source.html'))).map((d) => ({ name: d, html: readFileSync(join(pagesDir, d, 'source.html'), 'utf8') }));
} else {
  pages = Array.from({ length: 20 }, (_, k) => ({ name: `story-${k}`, html: `<html><head><title>Story ${k}</title></head><body><article><h1>Story ${k}</h1>${Array.from({ length: 15 }, (_, p) => `<p>Paragraph ${p} of story ${k} tells what happened in the town on Monday, and what the council said about it afterwards.</p>`).join('')}</article></body></html>` }));
}
const server = createServer((req, res) => {
  const name = (req.url ?? '/').split('/')[1] ?? '';
  const page = pages.find((p) => p.name === name);
  if (!page) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const engine = new Engine([], { meaning: undefined });
const db = openDatabase(':memory:');
const library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), createLogger('silent'));
const spent = { fetch: 0, extract: 0, store: 0 };
let articles = 0;
let paragraphs = 0;
const started = performance.now();
for (let round = 0; round < rounds; round++) {
  for (const page of pages) {
    let t = performance.now();
    const fetched = await safeFetch(`${base}/${page.name}`, { accept: PAGE_TYPES, allowPrivate: true });
    spent.fetch += performance.now() - t;
    if (!fetched.ok) throw new Error(`bench-ingest: ${fetched.error.message}`);
    t = performance.now();
    const extracted = extractArticle(decodeHtml(fetched.value.bytes, fetched.value.contentType).text, fetched.value.url);
    spent.extract += performance.now() - t;
    if (!extracted.ok) continue;
    t = performance.now();
    // Each round stores the pages under another owner, so that every article is new.
    const added = await library.add(partsOfPage(extracted.value), { owner: `bench-${round}`, origin: 'feed' });
    spent.store += performance.now() - t;
    if (added.ok) {
      articles++;
      paragraphs += added.value.article.paragraphs.length;
    }
  }
}
const total = performance.now() - started;
server.close();
db.close();

console.log(`## Ingestion: ${articles} articles (${pages.length} pages × ${rounds}), ${paragraphs} paragraphs\n`);
console.log('| step | total s | ms per article | share |');
console.log('|---|---|---|---|');
for (const [step, ms] of Object.entries(spent)) console.log(`| ${step} | ${(ms / 1000).toFixed(2)} | ${(ms / articles).toFixed(1)} | ${((100 * ms) / total).toFixed(0)}% |`);
console.log(`| **all** | ${(total / 1000).toFixed(2)} | ${(total / articles).toFixed(1)} | **${((articles * 1000) / total).toFixed(1)} articles/s** |\n`);

// Adding one article to a large store, against rebuilding it.
const pooled = await loadSquadPooled();
const seed = parseArticle('seed', readFileSync(join(import.meta.dirname, '..', 'knowledge', 'trump-putin-summit.txt'), 'utf8'));
if (!seed.ok) throw new Error('bench-ingest: the seed article does not parse');
const corpus = pooled ? pooled.articles : Array.from({ length: 100 }, (_, k) => ({ ...seed.value, id: `copy-${k}` }));
const store = new Engine(corpus).store;
const passages = store.index.size;
const add: number[] = [];
const rebuild: number[] = [];
for (let k = 0; k < 5; k++) {
  const article = { ...seed.value, id: `new-${k}` };
  let t = performance.now();
  store.put(article, 'bench');
  add.push(performance.now() - t);
  store.remove(article.id);
  t = performance.now();
  new Engine([...corpus, article]);
  rebuild.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`## One article (${seed.value.paragraphs.length + seed.value.captions.length} passages) into a store of ${passages} passages (median of 5)\n`);
console.log('| way | ms | ratio |');
console.log('|---|---|---|');
console.log(`| add to the store (index, vocabulary; quotations read later, per article) | ${median(add).toFixed(1)} | 1 |`);
console.log(`| rebuild everything with it (what a build-once engine did) | ${median(rebuild).toFixed(0)} | ${(median(rebuild) / median(add)).toFixed(0)}× |`);
