import { readFileSync } from 'node:fs';
import { extractArticle } from './src/sources/extract.js';
for (const f of process.argv.slice(2)) {
  const r = extractArticle(readFileSync(f, 'utf8'), 'http://127.0.0.1/x');
  console.log('==', f.split('/').slice(-2).join('/'), r.ok ? `${r.value.text} pub=${r.value.published} title=${r.value.title.slice(0,60)}` : r.error.code);
  if (r.ok) for (const p of r.value.paragraphs) console.log('   |', p.slice(0, 100));
}
