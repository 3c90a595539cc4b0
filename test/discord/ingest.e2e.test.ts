import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { createLogger } from '../../src/logger.js';
import { Ingester } from '../../src/sources/ingest.js';
import { ArticleRepository } from '../../src/state/articles.js';
import { openDatabase, type Db } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { AddedArticles } from '../../src/store/library.js';
import { GUILD_ID, GUILD_ID_2, MANAGER_PERMISSIONS } from '../fake-discord/server.js';
import { seedArticle } from '../fixtures.js';
import { LocalSite } from '../sources/site.js';
import { bodyOf, startHarness, type Harness } from './harness.js';
import { humanValueBreaches, repliesOf, visibleText } from './human.js';

type Embed = { title?: string; description?: string; url?: string };
const textOf = (r: { body: unknown }) => ((bodyOf(r).data?.embeds ?? (r.body as { embeds?: Embed[] }).embeds ?? []) as Embed[]).map((e) => `${e.title ?? ''}\n${e.description ?? ''}`).join('\n').replaceAll('**', '');
const PAGE = `<!doctype html><html><head><title>Snow closes mountain pass</title></head><body>
  <nav><a href="/">Home</a></nav><article><h1>Snow closes mountain pass</h1>
  <p>Snow closed the mountain pass in Wales on Friday, stranding dozens of drivers overnight in their cars.</p>
  <p>The police said the road would stay shut until Sunday at the earliest, and warned against all travel.</p>
  <p>Forecasters expect more snow in the hills over the weekend and well into next week, the Met Office said.</p>
  <p>Mountain rescue teams brought blankets and hot drinks to people stuck in their cars during the night.</p>
  </article><footer>Share this story</footer></body></html>`;
const FILE = '# Council approves new bridge\n\nThe council approved a new footbridge over the river on Tuesday.\n\nBuilding will start in the spring and take two years.\n';

describe('/ingest through the real client', () => {
  let h: Harness;
  let site: LocalSite;
  let db: Db;
  let engine: Engine;
  beforeAll(async () => {
    site = await new LocalSite().start();
    site.routes.set('/snow', (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    site.routes.set('/files/garbage.txt', (_q, r) => r.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(Buffer.from(Array.from({ length: 3000 }, (_, i) => 1 + (i % 255)))));
    site.routes.set('/files/bridge.md', (_q, r) => r.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end(FILE));
    db = openDatabase(':memory:');
    engine = new Engine([seedArticle()]);
    const library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), createLogger('silent'));
    h = await startHarness({ engine, ingester: new Ingester(library, { allowPrivate: true }), register: true });
  });
  afterAll(async () => {
    await h?.close();
    await site?.stop();
    db?.close();
  });

  it('is registered for Manage Server only, in servers only', () => {
    const put = h.fake.requests.find((r) => r.method === 'PUT')!;
    const command = (put.body as { name: string; default_member_permissions?: string; contexts?: number[] }[]).find((c) => c.name === 'ingest')!;
    expect(command.default_member_permissions).toBe('32');
    expect(command.contexts).toEqual([0]);
  });

  const manager = { guildId: GUILD_ID, permissions: MANAGER_PERMISSIONS };
  const manager2 = { guildId: GUILD_ID_2, permissions: MANAGER_PERMISSIONS };

  it('adds a web page to this server\'s articles, answerable at once there and nowhere else', async () => {
    const { id, token } = h.fake.command('ingest', { url: `${site.base}/snow` }, manager);
    const first = await h.fake.callback(id, 10_000);
    const reply = bodyOf(first).type === 5 ? await h.fake.edit(token, 10_000) : first;
    expect(textOf(reply)).toContain('Snow closes mountain pass');
    expect(textOf(reply)).toContain('Added to this server’s articles: 4 paragraphs.');
    // Never an internal id: the article is named by its title.
    const added = engine.articlesIn({ owner: GUILD_ID }).find((a) => a.title === 'Snow closes mountain pass')!;
    expect(JSON.stringify(reply.body)).not.toContain(added.id);
    const ask = h.fake.command('ask', { question: 'where did snow close the pass' }, { guildId: GUILD_ID });
    expect(textOf(await h.fake.callback(ask.id))).toContain('Snow closed the mountain pass in Wales');
    const other = h.fake.command('ask', { question: 'where did snow close the mountain pass' }, { guildId: GUILD_ID_2 });
    expect(textOf(await h.fake.callback(other.id))).not.toContain('Wales');
  });

  it('shows how a slow page is going in its deferred reply, then the answer', async () => {
    site.routes.set('/slow', (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      r.write(PAGE.slice(0, 200));
      setTimeout(() => r.end(PAGE.slice(200)), 3000);
    });
    const { id, token } = h.fake.command('ingest', { url: `${site.base}/slow` }, manager2);
    expect(bodyOf(await h.fake.callback(id, 10_000)).type).toBe(5);
    const progress = await h.fake.edit(token, 10_000);
    expect(textOf(progress)).toMatch(/⏳ Fetching the page… \(\d+ s so far\)/);
    const answer = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(token) && textOf(r).includes('Added to this server’s articles'), 10_000);
    expect(textOf(answer)).toContain('Snow closes mountain pass');
    // The answer is the last edit: no progress line after it, once the command has finished.
    await expect.poll(() => h.logs.lines.some((l) => l.msg === 'answered' && l.interactionId === id), { timeout: 10_000 }).toBe(true);
    const edits = h.fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(token));
    expect(edits.at(-1)).toBe(answer);
  }, 20_000);

  it('adds an uploaded .md file', async () => {
    const { id, token } = h.fake.command('ingest', {}, manager2, { file: { filename: 'bridge.md', url: `${site.base}/files/bridge.md`, size: FILE.length, contentType: 'text/markdown; charset=utf-8' } });
    const first = await h.fake.callback(id, 10_000);
    const reply = bodyOf(first).type === 5 ? await h.fake.edit(token, 10_000) : first;
    expect(textOf(reply)).toContain('Council approves new bridge');
    expect(engine.articlesIn({ owner: GUILD_ID_2 }).map((a) => a.title)).toContain('Council approves new bridge');
  });

  it('defers at once, and refuses a binary file named .txt in one line, as the CLI does (rel-08), to the member only', async () => {
    const before = engine.store.size;
    const { id, token } = h.fake.command('ingest', {}, manager2, { file: { filename: 'garbage.txt', url: `${site.base}/files/garbage.txt`, size: 3000, contentType: 'text/plain; charset=utf-8' } });
    expect(bodyOf(await h.fake.callback(id, 10_000)).type).toBe(5);
    // A failure is noise: the public "thinking…" message goes, and the refusal is private.
    const refusal = await h.fake.followUp(token, 10_000);
    expect(textOf(refusal)).toBe('\nNothing was added. garbage.txt is not a text file.');
    expect((refusal.body as { flags?: number }).flags).toBe(64);
    expect(h.fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/${token}/messages/@original`))).toBe(true);
    expect(engine.store.size).toBe(before);
  });

  it('refuses an ordinary member (no Manage Server), and says why, storing nothing', async () => {
    const before = engine.store.size;
    const hits = site.hits.length;
    const { id } = h.fake.command('ingest', { url: `${site.base}/snow` }, { guildId: GUILD_ID });
    const reply = await h.fake.callback(id);
    expect(textOf(reply)).toContain('needs the Manage Server permission');
    expect(bodyOf(reply).data.flags).toBe(64);
    expect(engine.store.size).toBe(before);
    expect(site.hits.length).toBe(hits);
  });

  it('asks for one source, and explains a page that cannot be read', async () => {
    const both = h.fake.command('ingest', { url: `${site.base}/snow` }, manager, { file: { filename: 'bridge.md', url: `${site.base}/files/bridge.md`, size: 10 } });
    expect(textOf(await h.fake.callback(both.id))).toContain('Give either `url`');
    const missing = h.fake.command('ingest', { url: `${site.base}/gone` }, manager);
    const first = await h.fake.callback(missing.id, 10_000);
    const reply = bodyOf(first).type === 5 ? await h.fake.followUp(missing.token, 10_000) : first;
    // Plain words: never the address and port of the site, nor "answered 404".
    expect(textOf(reply)).toBe('\nNothing was added. The site says that page does not exist (error 404).');
  });
  it('never shows a member a raw ISO date, an internal id, a library\'s error text, a machine address or a wrong plural', () => {
    const ids = [GUILD_ID, GUILD_ID_2].flatMap((owner) => engine.articlesIn({ owner }).map((a) => a.id));
    const breaches = repliesOf(h.fake.requests).flatMap((r) => humanValueBreaches(visibleText(r.body), ids).map((b) => `${r.method} ${r.path.replace(/\/[\w-]{40,}/, '/…')}: ${b}`));
    expect(breaches).toEqual([]);
  });
});
