/**
 * `npm run bench-digest`: how long a digest of 200 articles takes (a script, not a test): building it
 * (summaries, people, quotations, places) the first time (each article read once with compromise)
 * and again (readings kept), and rendering it into Discord messages. Articles: the CNN/DM articles of
 * ../shared/eval (generated ones when absent).
 */
import { Engine, loadTooling } from '../src/engine/index.js';
import { renderDigest } from '../src/discord/render-digest.js';
import type { Article } from '../src/model/article.js';
import { loadCnndm } from './lib/cnndm.js';

const { parseArticle } = await loadTooling();

const cnndm = await loadCnndm();
let articles: readonly Article[];
if (cnndm) articles = cnndm.articles.slice(0, 200);
else {
  articles = Array.from({ length: 200 }, (_, k) => {
    const parsed = parseArticle(`a${k}`, `Story ${k} of the day\n\n${Array.from({ length: 20 }, (_, p) => `Paragraph ${p} of story ${k} says the council met on Monday, and Mr John Smith said "we will act" in London.`).join('\n\n')}`);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return parsed.value;
  });
}
const engine = new Engine([], { meaning: null });
articles.forEach((a, k) => engine.store.put(a, 'bench', new Date(Date.UTC(2026, 10, 1) + k * 60_000)));
const paragraphs = articles.reduce((n, a) => n + a.paragraphs.length, 0);

let t = performance.now();
const cold = await engine.digest({ owner: 'bench' }, { maxArticles: 200 });
const coldMs = performance.now() - t;
const warm: number[] = [];
const render: number[] = [];
let messages = 0;
for (let i = 0; i < 5; i++) {
  t = performance.now();
  const digest = await engine.digest({ owner: 'bench' }, { maxArticles: 200 });
  warm.push(performance.now() - t);
  t = performance.now();
  messages = renderDigest(digest, '**News digest**').length;
  render.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`## Digest of ${cold.articles.length} articles (${paragraphs} paragraphs), ${messages} messages\n`);
console.log('| step | ms |');
console.log('|---|---|');
console.log(`| build, first time (every article read for people and quotations) | ${coldMs.toFixed(0)} |`);
console.log(`| build again (readings kept with the articles; median of 5) | ${median(warm).toFixed(0)} |`);
console.log(`| render into Discord messages (median of 5) | ${median(render).toFixed(1)} |`);
