import { COMMANDS, runCli } from '../../src/cli/main.js';
import { runPilcrow } from './run.js';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { APP_DEFAULTS } from '../../src/app.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, KNOWLEDGE_DIR, ROOT, SEED_ID, SEED_TEXT, seedArticle, tempFolder } from '../fixtures.js';
import { caseFile, hasCase } from '../real-cases/site.js';
import { hasNewsPages, LocalSite } from '../sources/site.js';

const cli = (args: string[], stdin = '', env: NodeJS.ProcessEnv = { KNOWLEDGE_DIR }) => runPilcrow(args, env, stdin);

let cleanup = () => {};
afterEach(() => cleanup());

describe('pilcrow ask', () => {
  it('prints the answer and its citation', async () => {
    const r = await cli(['ask', 'What cities were named in earlier reports?', '--top', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('“Previous reports have named Vienna and Helsinki as locations for the summit.”');
    expect(r.out).toContain('— Donald Trump to hold summit with Vladimir Putin ¶5');
  });

  it('keeps the public JSON shape exactly', async () => {
    const r = await cli(['ask', 'where is the summit', '--json']);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['question', 'outcome', 'route', 'answered', 'confidence', 'corrections', 'results']);
    expect(json.question).toBe('where is the summit');
    expect(json.outcome).toBe('answer');
    expect(json.route).toBe('ranked');
    expect(json.answered).toBe(true);
    expect(json.confidence).toBeGreaterThan(0.5);
    expect(json.confidence).toBeLessThanOrEqual(1);
    expect(json.corrections).toEqual([]);
    expect(json.results).toHaveLength(3);
    for (const res of json.results) {
      expect(Object.keys(res)).toEqual(['articleId', 'articleTitle', 'paragraph', 'caption', 'quote', 'context', 'score']);
      expect(res.articleId).toBe(SEED_ID);
      expect(res.context).toContain(res.quote);
      expect(typeof res.score).toBe('number');
      expect((res.paragraph === null) !== (res.caption === null)).toBe(true);
    }
  });

  it('reports typo corrections in the JSON', async () => {
    const json = JSON.parse((await cli(['ask', 'wher is the sumit', '--json'])).out);
    expect(json.corrections).toEqual([{ from: 'wher', to: 'where' }, { from: 'sumit', to: 'summit' }]);
  });

  it('reads misspelt function words ("waht", "teh", "hte", "becuase") as the words they misspell, and answers as the plain question', async () => {
    const pairs = [
      ['waht is teh summit', 'what is the summit'],
      ['where is hte summit', 'where is the summit'],
      ['who did bolton meet becuase of the world cup', 'who did bolton meet because of the world cup'],
    ];
    const r = await cli(['ask', '--batch'], `${pairs.flat().join('\n')}\n`);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; confidence: number; corrections: unknown[]; results: unknown[] });
    for (let k = 0; k < pairs.length; k++) {
      const [typed, plain] = [lines[2 * k]!, lines[2 * k + 1]!];
      expect({ q: pairs[k]![0], outcome: typed.outcome, confidence: typed.confidence, results: typed.results }).toEqual({ q: pairs[k]![0], outcome: plain.outcome, confidence: plain.confidence, results: plain.results });
    }
    expect(lines[0]).toMatchObject({ outcome: 'answer', corrections: [{ from: 'waht', to: 'what' }, { from: 'teh', to: 'the' }] });
  });

  it('searches one article with --article, in single and batch mode', async () => {
    const t = tempFolder({
      'summit.txt': SEED_TEXT,
      'cup.txt': 'World Cup venues chosen\n\nFifa picked sixteen host cities for the 2026 World Cup.\n\nThe final will be played in New Jersey.',
    });
    cleanup = t.cleanup;
    const one = JSON.parse((await cli(['ask', 'World Cup', '--article', 'summit', '--json', '--knowledge', t.dir])).out);
    expect(one.results.length).toBeGreaterThan(0);
    expect(one.results.every((r: { articleId: string }) => r.articleId === 'summit')).toBe(true);
    const batch = (await cli(['ask', '--batch', '--article', 'cup', '--knowledge', t.dir], 'where is the final\nWorld Cup\n')).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(batch.flatMap((b) => b.results.map((r: { articleId: string }) => r.articleId))).toEqual(expect.arrayContaining(['cup']));
    expect(batch.every((b) => b.results.every((r: { articleId: string }) => r.articleId === 'cup'))).toBe(true);
  });

  it('rejects an unknown --article with one clear line and a non-zero exit', async () => {
    const r = await cli(['ask', 'where is the summit', '--article', 'no-such-article']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('pilcrow: no article with the id "no-such-article" (pilcrow paragraphs lists the ids).\n');
    expect(r.out).toBe('');
  });

  it('answers --batch with one JSON line per stdin line, in order', async () => {
    const r = await cli(['ask', '--batch'], 'where is the summit\nbanana bread recipe\nhelsinky\n');
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.question, l.answered])).toEqual([['where is the summit', true], ['banana bread recipe', false], ['helsinky', true]]);
  });

  it('says the outcome in every JSON answer, as answered and reason say it', async () => {
    // Helsinki is named in ¶5: a passage about the question's subject is "not sure", never "not covered".
    const r = await cli(['ask', '--batch'], 'where is the summit\nbanana bread recipe\nWhat is the weather in Helsinki tomorrow?\n');
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; answered: boolean });
    expect(lines.map((l) => l.outcome)).toEqual(['answer', 'not covered', 'not sure']);
    for (const l of lines) expect(l.answered).toBe(l.outcome === 'answer');
  });

  it('answers "who is", "what did … say" and "what happened" as /facts, /quote and the newest lead, cited', async () => {
    const r = await cli(['ask', '--batch', '--top', '1'], 'Who is Infantino?\nwhat did Putin say about the election\nwhat happened?\nwho is the national security adviser\n');
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; route: string; results: { paragraph: number; quote: string }[] });
    expect(lines.map((l) => [l.route, l.outcome])).toEqual([['facts', 'answer'], ['quotes', 'answer'], ['latest', 'answer'], ['ranked', 'answer']]);
    expect(lines[0]!.results[0]).toMatchObject({ paragraph: 16, quote: expect.stringContaining('Fifa head Gianni Infantino') });
    expect(lines[1]!.results[0]).toMatchObject({ paragraph: 13, quote: expect.stringContaining('did not meddle in the 2016 election') });
    expect(lines[2]!.results[0]).toMatchObject({ paragraph: 1, quote: seedArticle().paragraphs[0]!.text });
  });

  it('prints a routed answer under the line that says what it is', async () => {
    const r = await cli(['ask', 'who is John Bolton', '--top', '1']);
    expect(r.out).toMatch(/^John Bolton, US national security adviser:\n1\. “The time and place .* John Bolton said at a press conference in Moscow on Wednesday evening\.”\n {3}— Donald Trump to hold summit with Vladimir Putin ¶3\n$/);
  });

  it('rejects an unknown flag with one friendly line naming the command\'s help, and exit 2', async () => {
    const r = await cli(['ask', 'x', '--frobnicate']);
    expect(r).toEqual({ code: 2, out: '', err: 'pilcrow: unknown option --frobnicate for ask; see pilcrow ask --help\n' });
  });

  it('answers a greeting or thanks with how to ask, in the CLI and the console, not "not covered"', async () => {
    const hint = 'Ask me a question about the news in the articles, e.g. "where is the summit".';
    for (const said of ['hi', 'thanks', 'hello?', 'Thank you, Pilcrow!', 'ok thx']) {
      const r = await cli(['ask', said]);
      expect({ said, ...r }).toEqual({ said, code: 0, out: `${hint}\n`, err: '' });
    }
    const json = JSON.parse((await cli(['ask', 'hi', '--json'])).out);
    expect(json).toMatchObject({ outcome: 'not covered', answered: false, results: [] });
    const console = await cli(['console'], 'hello\nthanks!\nhi where is the summit\n');
    const replies = console.out.trim().split('\n');
    expect(replies.slice(0, 2)).toEqual([hint, hint]);
    expect(console.out).toContain('Vienna and Helsinki');
  });

  it('rejects a bad --top', async () => {
    expect((await cli(['ask', 'x', '--top', 'many'])).err).toContain('--top takes a whole number');
  });
});

describe('pilcrow paragraphs', () => {
  it('prints every article with paragraphs and captions numbered as citations number them', async () => {
    const json = JSON.parse((await cli(['paragraphs', '--json'])).out);
    expect(Object.keys(json)).toEqual(['articles']);
    const [a] = json.articles;
    expect(Object.keys(a)).toEqual(['id', 'title', 'paragraphs', 'captions']);
    expect(a.paragraphs[4]).toEqual({ n: 5, text: 'Previous reports have named Vienna and Helsinki as locations for the summit.' });
    expect(a.captions.map((c: { n: number }) => c.n)).toEqual([1, 2, 3]);
  });
});

describe('pilcrow quote, quotes and facts', () => {
  const QUOTE_KEYS = ['speaker', 'speakerRole', 'text', 'kind', 'cue', 'articleId', 'paragraph', 'caption', 'polarity'];

  it('quote --json keeps the public shape, with relation', async () => {
    const json = JSON.parse((await cli(['quote', 'putin', '--json'])).out);
    expect(Object.keys(json)).toEqual(['query', 'quotes']);
    expect(json.query).toBe('putin');
    for (const q of json.quotes) expect(Object.keys(q)).toEqual([...QUOTE_KEYS, 'relation']);
    expect(json.quotes[0]).toMatchObject({ speaker: 'Vladimir Putin', kind: 'reported', relation: 'by', paragraph: 13, caption: null });
  });

  it('quotes --json lists every quotation in the public shape', async () => {
    const json = JSON.parse((await cli(['quotes', '--json'])).out);
    expect(Object.keys(json)).toEqual(['quotes']);
    for (const q of json.quotes) expect(Object.keys(q)).toEqual(QUOTE_KEYS);
    expect(json.quotes.find((q: { text: string }) => q.text === 'sanctions will stay in place').speaker).toBe('John Bolton');
  });

  it('facts --json lists entities in the public shape', async () => {
    const json = JSON.parse((await cli(['facts', '--json'])).out);
    expect(Object.keys(json)).toEqual(['entities']);
    for (const e of json.entities) {
      expect(Object.keys(e)).toEqual(['name', 'type', 'aliases', 'role', 'mentions']);
      expect(['person', 'place', 'organisation', 'date']).toContain(e.type);
      for (const m of e.mentions) expect(Object.keys(m)).toEqual(['articleId', 'paragraph', 'caption']);
    }
    expect(json.entities.find((e: { name: string }) => e.name === 'John Bolton')).toMatchObject({ type: 'person', role: 'US national security adviser' });
  });

  it('prints a readable card for one name', async () => {
    const r = await cli(['facts', 'Infantino']);
    expect(r.out).toMatch(/^Gianni Infantino \[person\], Fifa head\n- Mr Bolton said he also met/);
    expect(r.out).toContain('¶16');
  });

  it('quote without a name is one clear line', async () => {
    const r = await cli(['quote']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('quote needs a name or words');
  });
});

describe('knowledge folder problems', () => {
  it('--knowledge overrides KNOWLEDGE_DIR, and a missing folder is one clear line', async () => {
    const r = await cli(['paragraphs', '--knowledge', '/no/such/dir']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('pilcrow: knowledge folder /no/such/dir does not exist.\n');
  });

  it('a folder with no articles is one clear line', async () => {
    const t = tempFolder({ 'notes.json': '{}' });
    cleanup = t.cleanup;
    const r = await cli(['ask', 'x'], '', { KNOWLEDGE_DIR: t.dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^pilcrow: no articles in .*\n$/);
  });

  it('reports a bad file and answers from the rest', async () => {
    const t = tempFolder({ 'good.txt': 'Good news\n\nThe bridge opened in Lisbon.', 'bad.txt': '---\ntitle: x\n' });
    cleanup = t.cleanup;
    const r = await cli(['ask', 'where did the bridge open', '--knowledge', t.dir]);
    expect(r.err).toMatch(/skipped .*bad\.txt: opens a front matter block/);
    expect(r.out).toContain('Good news ¶1');
  });
});

describe('the installed entry points', () => {
  const run = promisify(execFile);
  it('bin/pilcrow.js answers as JSON', async () => {
    const { stdout } = await run(process.execPath, ['bin/pilcrow.js', 'ask', 'helsinky', '--json'], { cwd: ROOT });
    expect(JSON.parse(stdout).results[0].paragraph).toBe(5);
  });

  it('bin/pilcrow.js stops quietly when the reader closes the pipe early (| head -1)', async () => {
    const t = tempFolder({ 'long.txt': `A long report\n\n${Array.from({ length: 3000 }, (_, k) => `Paragraph ${k} of the long report says the council met on Monday.`).join('\n\n')}\n` });
    cleanup = t.cleanup;
    // bash: the exit code of pilcrow itself, and its stderr, with head closing the pipe after one line.
    const script = `"${process.execPath}" bin/pilcrow.js paragraphs --knowledge "${t.dir}" 2>"${t.dir}/data-err.log" | head -1 >/dev/null; echo \${PIPESTATUS[0]}; cat "${t.dir}/data-err.log"`;
    const { stdout } = await run('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, DATA_DIR: `${t.dir}/data` } });
    expect(stdout).toBe('0\n');
  });

  it('every command has --help: its usage and options, exit 0, with no folder read', async () => {
    for (const command of Object.keys(COMMANDS)) {
      for (const flag of ['--help', '-h']) {
        const r = await cli([command, flag], '', { KNOWLEDGE_DIR: '/nonexistent/folder' });
        expect(r.code, command).toBe(0);
        expect(r.err, command).toBe('');
        expect(r.out, command).toMatch(new RegExp(`^Usage:\\n  pilcrow ${command}\\b`));
        expect(r.out, command).toContain('--help, -h');
      }
    }
    expect((await cli(['ask', '--help'])).out).toContain('--top N');
    expect((await cli(['nonsense', '--help'])).code).toBe(2);
  });

  it('pilcrow ask --help loads neither the engine nor the app nor the database', async () => {
    const forbid = `--import=${pathToFileURL(join(ROOT, 'test', 'cli', 'forbid-engine.mjs')).href}`;
    const { stdout } = await run(process.execPath, [forbid, 'bin/pilcrow.js', 'ask', '--help'], { cwd: ROOT, env: { ...process.env, KNOWLEDGE_DIR: '' } });
    expect(stdout).toMatch(/^Usage:\n {2}pilcrow ask "<question>"/);
  });

  it('npm start without a token opens the local console and answers piped questions, without loading discord.js', async () => {
    const forbid = `--import=${pathToFileURL(join(ROOT, 'test', 'cli', 'forbid-discord.mjs')).href}`;
    const child = execFile('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, DISCORD_TOKEN: '', KNOWLEDGE_DIR: '', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${forbid}` } });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    child.stdin!.end('where is the summit\n/sources\n/quote puttin about: election\n/facts Infantino\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(err).toContain('Pilcrow local console: 1 article loaded');
    expect(err).toContain('DISCORD_TOKEN');
    expect(out).toMatch(/Donald Trump to hold summit with Vladimir Putin ¶[45]/);
    expect(out).toContain('17 paragraphs');
    expect(out).toContain('Said by Vladimir Putin:\n1. Vladimir Putin told [reported speech]: Russia did not meddle in the 2016 election');
    expect(out).toContain('Gianni Infantino [person], Fifa head');
  });
});

describe('reading a large knowledge folder the first time', () => {
  const STORY = (k: number) => `Council ${k} approves bridge\n\nThe council approved bridge number ${k} on Monday.\n`;

  it('shows a progress bar with the count at a terminal, and nothing when stderr is not one', async () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`bridge-${k}.txt`, STORY(k)]));
    const t = tempFolder(files);
    cleanup = t.cleanup;
    const run = async (tty: boolean) => {
      const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 120 });
      let err = '';
      stderr.on('data', (d) => (err += d));
      const code = await runCli(['ask', 'which bridge did the council approve', '--knowledge', t.dir], { stdin: Readable.from(['']), stdout: new PassThrough(), stderr, env: { DATA_DIR: `${t.dir}/data` } });
      return { code, err };
    };
    const terminal = await run(true);
    expect(terminal.code).toBe(0);
    expect(terminal.err).toContain('Reading the knowledge folder');
    expect(terminal.err).toContain('60/60 articles');
    const piped = await run(false);
    expect(piped.err).toBe('');
  });
});

describe('pilcrow ingest', () => {
  const ARTICLE = '---\nsource: https://news.example/parking\n---\n# Driver loses parking fine appeal\n\nBarry Beavis, 48, lost his case at the Court of Appeal on Thursday.\n\nMr Beavis had parked at the Riverside Retail Park in Chelmsford.\n';

  it('stores an article file in DATA_DIR, and the CLI answers from it afterwards', async () => {
    const t = tempFolder({ 'parking.md': ARTICLE });
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR, DATA_DIR: `${t.dir}/data` };
    const stored = await cli(['ingest', `${t.dir}/parking.md`, '--json'], '', env);
    expect(stored.code).toBe(0);
    const json = JSON.parse(stored.out) as { id: string; title: string; paragraphs: number; stored: boolean };
    expect(json).toMatchObject({ title: 'Driver loses parking fine appeal', paragraphs: 2, captions: 0, stored: true });
    expect(json.id).toMatch(/^driver-loses-parking-fine-appeal-[0-9a-f]{8}$/);

    const asked = await cli(['ask', 'who lost his appeal', '--article', json.id, '--json'], '', env);
    expect(JSON.parse(asked.out).results[0].context).toBe('Barry Beavis, 48, lost his case at the Court of Appeal on Thursday.');
    const listed = await cli(['paragraphs', '--json'], '', env);
    expect((JSON.parse(listed.out) as { articles: { id: string }[] }).articles.map((a) => a.id)).toEqual([SEED_ID, json.id]);

    const again = await cli(['ingest', `${t.dir}/parking.md`], '', env);
    expect(again.out).toBe(`Already stored: "Driver loses parking fine appeal" (${json.id}), 2 paragraphs.\n`);
  });

  it('says what it reads when given another kind of file', async () => {
    const t = tempFolder({ 'notes.pdf': 'x' });
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR, DATA_DIR: `${t.dir}/data` };
    const pdf = await cli(['ingest', `${t.dir}/notes.pdf`], '', env);
    expect(pdf.code).toBe(2);
    expect(pdf.err).toBe('pilcrow: ingest reads web pages and .txt, .md, .markdown, .html, .htm files (see knowledge/README.md for the format).\n');
  });

  it('with DATABASE_URL, stores in PostgreSQL, and another machine (DATA_DIR) answers from it', async (ctx) => {
    const postgres = await freshPostgres();
    if (!postgres) return ctx.skip();
    const t = tempFolder({ 'parking.md': ARTICLE });
    cleanup = t.cleanup;
    try {
      const stored = await cli(['ingest', `${t.dir}/parking.md`, '--json'], '', { KNOWLEDGE_DIR, DATA_DIR: `${t.dir}/one`, DATABASE_URL: postgres.url });
      expect(stored.code).toBe(0);
      const { id } = JSON.parse(stored.out) as { id: string };
      const asked = await cli(['ask', 'who lost his appeal', '--article', id, '--json'], '', { KNOWLEDGE_DIR, DATA_DIR: `${t.dir}/two`, DATABASE_URL: postgres.url });
      expect(JSON.parse(asked.out).results[0].context).toBe('Barry Beavis, 48, lost his case at the Court of Appeal on Thursday.');
      // Not in the SQLite file of the machine that stored it: only in PostgreSQL.
      const local = await cli(['ask', 'who lost his appeal', '--article', id, '--json'], '', { KNOWLEDGE_DIR, DATA_DIR: `${t.dir}/one` });
      expect(local.code).not.toBe(0);
    } finally {
      await postgres.drop();
    }
  });

  it('never creates DATA_DIR just to answer a question', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const r = await cli(['ask', 'where is the summit'], '', { KNOWLEDGE_DIR, DATA_DIR: `${t.dir}/data` });
    expect(r.code).toBe(0);
    expect(existsSync(`${t.dir}/data`)).toBe(false);
  });

  it('keeps what it works out of a large folder in a cache (never a state database), and the next run reads it', async () => {
    const files = Object.fromEntries(Array.from({ length: APP_DEFAULTS.cacheFromFiles }, (_, k) => [`bridge-${k}.txt`, `Council ${k} approves bridge\n\nThe council approved bridge number ${k} on Monday, the mayor said.\n`]));
    const t = tempFolder(files);
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR: t.dir, DATA_DIR: `${t.dir}/data` };
    const first = await cli(['ask', 'when was bridge 7 approved', '--json'], '', env);
    expect(first.code).toBe(0);
    expect(existsSync(`${t.dir}/data/pilcrow.db`)).toBe(false);
    const cache = new Database(`${t.dir}/data/cache/kept.db`, { readonly: true });
    const count = (table: string, where = '') => (cache.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n;
    try {
      expect(count('derived', 'WHERE prepared IS NOT NULL AND splits IS NOT NULL')).toBe(APP_DEFAULTS.cacheFromFiles);
      expect(count('articles')).toBe(0);
    } finally {
      cache.close();
    }
    const second = await cli(['ask', 'when was bridge 7 approved', '--json'], '', env);
    expect(second.out).toBe(first.out);
    expect(JSON.parse(second.out).results[0].quote).toContain('bridge number 7 on Monday');
  });
});

describe.skipIf(!hasNewsPages)('pilcrow fetch and ingest of a web page (a local site serving saved news pages)', () => {
  let site: LocalSite;
  beforeAll(async () => {
    site = await new LocalSite().start();
  });
  afterAll(async () => site.stop());

  it('prints the article a page holds in the public JSON shape', async () => {
    const r = await cli(['fetch', `${site.base}/bbc-1`, '--json'], '', { KNOWLEDGE_DIR, ALLOW_PRIVATE_URLS: 'true' });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['title', 'byline', 'published', 'url', 'paragraphs']);
    expect(json).toMatchObject({ title: "Obama admits US gun laws are his 'biggest frustration'", byline: 'BBC News', published: '2015-07-24T04:36:09.000Z', url: `${site.base}/bbc-1` });
    expect((json.paragraphs as string[])[0]).toBe('President Barack Obama has admitted that his failure to pass "common sense gun safety laws" in the US is the greatest frustration of his presidency.');
  });

  it('stores a page, and answers from it', async () => {
    const t = tempFolder({});
    cleanup = t.cleanup;
    const env = { KNOWLEDGE_DIR, DATA_DIR: `${t.dir}/data`, ALLOW_PRIVATE_URLS: 'true' };
    const stored = await cli(['ingest', `${site.base}/bbc-1`], '', env);
    expect(stored.code).toBe(0);
    expect(stored.out).toMatch(/^Stored: "Obama admits US gun laws are his 'biggest frustration'" \(obama-admits-us-gun-laws-are-his-biggest-frustration-[0-9a-f]{8}\), 35 paragraphs, 2 photo captions\.\n$/);
    const asked = await cli(['ask', 'what is the greatest frustration of his presidency', '--json'], '', env);
    expect(JSON.parse(asked.out).results[0].articleTitle).toBe("Obama admits US gun laws are his 'biggest frustration'");
  });

  it('refuses a private address unless ALLOW_PRIVATE_URLS is set, saying why in one line', async () => {
    const before = site.hits.length;
    const r = await cli(['fetch', `${site.base}/bbc-1`], '', { KNOWLEDGE_DIR });
    expect(r.code).toBe(1);
    expect(r.err).toBe(`pilcrow: ${site.base.replace('http://', '')} is a private or local address; set ALLOW_PRIVATE_URLS=true to read it.\n`);
    expect(site.hits.length).toBe(before);
  });
});

describe('pilcrow digest', () => {
  it('prints every article with its cited summary, people, quotations and places, in the public JSON shape', async () => {
    const r = await cli(['digest', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { articles: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['articles']);
    const a = json.articles[0]!;
    expect(Object.keys(a)).toEqual(['id', 'title', 'published', 'url', 'summary', 'people', 'quotes', 'places']);
    expect(a.id).toBe(SEED_ID);
    expect((a.summary as { text: string; paragraph: number }[])[0]).toEqual({ text: expect.stringMatching(/^Donald Trump will hold a summit with Vladimir Putin/), paragraph: 1 });
    expect(a.people).toContainEqual({ name: 'John Bolton', role: 'US national security adviser' });
    expect(Object.keys((a.quotes as object[])[0]!)).toEqual(['speaker', 'speakerRole', 'text', 'kind', 'cue', 'articleId', 'paragraph', 'caption', 'polarity']);
  });

  it('says what is wrong with --since', async () => {
    const r = await cli(['digest', '--since', 'last tuesday']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('pilcrow: --since: "last tuesday" is neither a time back (24h, 3d, 2w) nor a date (2026-11-01).\n');
  });
});

describe('pilcrow ask with invisible characters inside words (rel-06)', () => {
  /** The JSON answer without the question it echoes. */
  const answer = (out: string) => ({ ...(JSON.parse(out) as Record<string, unknown>), question: undefined });

  it('answers "wh\\u200bere is the su\\u200dmmit" as the plain question, echoing the question as typed', async () => {
    const plain = await cli(['ask', 'where is the summit', '--json']);
    const typed = await cli(['ask', 'wh\u200bere is the su\u200dmmit', '--json']);
    expect(typed.code).toBe(0);
    expect(JSON.parse(typed.out).question).toBe('wh\u200bere is the su\u200dmmit');
    expect(answer(typed.out)).toEqual(answer(plain.out));
    expect(answer(plain.out)).toMatchObject({ answered: true });
  });

  it.skipIf(!hasCase('rel-06'))('answers every line of rel-06/questions.txt in --batch as the plain "where is the summit"', async () => {
    const questions = caseFile('rel-06', 'questions.txt').toString('utf8');
    const r = await cli(['ask', '--batch', '--json'], questions);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { answered: boolean; confidence: number; results: { paragraph: number | null }[] });
    expect(lines).toHaveLength(questions.trim().split('\n').length);
    const plain = answer((await cli(['ask', 'where is the summit', '--json'])).out);
    for (const line of lines) expect({ ...line, question: undefined }).toEqual(plain);
    expect(lines[0]!.answered).toBe(true);
  });
});
