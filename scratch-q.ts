import { Engine } from './src/engine.js';
import { buildArticle } from './src/knowledge/parse.js';
const sentence = 'The committee said on Tuesday that the new bridge across the river would open next spring after delays.';
const text = Array.from({ length: 38_000 }, () => sentence).join(' ');
const a = buildArticle('one', { title: 'One', paragraphs: [text, 'The mayor said the bridge would open in May.'] });
if (!a.ok) throw 1;
const e = new Engine([a.value]);
for (let i = 0; i < 8; i++) { const s = performance.now(); e.ask('when will the new bridge open'); console.log('ask', (performance.now() - s).toFixed(0)); }
const { Session } = await import('node:inspector/promises');
const session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start');
for (let i = 0; i < 5; i++) e.ask('when will the new bridge open');
const { profile } = await session.post('Profiler.stop');
const { writeFileSync } = await import('node:fs'); writeFileSync('/tmp/ask2.cpuprofile', JSON.stringify(profile));
