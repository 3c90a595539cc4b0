import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleId, ArticleRepository, contentHash } from '../../src/state/articles.js';
import { DigestRepository } from '../../src/state/digests.js';
import { openPostgres } from '../../src/state/sql.js';
import { CHANNEL_ID, CHANNEL_ID_2, FAKE_TOKEN, FakeDiscord, GUILD_ID, GUILD_ID_2 } from '../fake-discord/server.js';
import { HoldingProxy } from '../fake-discord/holding-proxy.js';
import { ChildLog, freshPostgres, ROOT, SEED_TEXT, tempFolder, type LogLine } from '../fixtures.js';

const postgres = await freshPostgres();
const posts = (fake: FakeDiscord, channelId: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
/** Whether a look for due digests ran to its end after line `from` (the scheduler's debug line). */
const digestRunAfter = (lines: readonly LogLine[], from: number) => lines.slice(from + 1).some((l) => l.msg === 'job finished' && l.job === 'digests');

/** Each server's own story. */
const OWN = {
  [GUILD_ID]: { title: 'Driver loses parking fine appeal', paragraphs: ['Barry Beavis, 48, lost his case at the Court of Appeal on Thursday.'] },
  [GUILD_ID_2]: { title: 'Fund cuts growth forecast', paragraphs: ['The International Monetary Fund cut its growth forecast for Britain on Tuesday.'] },
};

describe.skipIf(postgres === null)('DATABASE_URL: two bot processes (two machines) share PostgreSQL', () => {
  let fake: FakeDiscord;
  /** The first process's way to the fake: its posts wait there until released. */
  let proxy: HoldingProxy;
  const bots: { child: ChildProcess; exited: Promise<unknown>; log: ChildLog }[] = [];
  const data = tempFolder({});
  const knowledgeDir = join(data.dir, 'knowledge');

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    mkdirSync(knowledgeDir);
    writeFileSync(join(knowledgeDir, 'trump-putin-summit.txt'), SEED_TEXT);
    // The shared state: each server's story, and a digest of each that fell due an hour ago.
    const sql = await openPostgres(postgres!.url);
    for (const [owner, channelId] of [[GUILD_ID, CHANNEL_ID], [GUILD_ID_2, CHANNEL_ID_2]] as const) {
      const parts = OWN[owner];
      const hash = contentHash(parts);
      await new ArticleRepository(sql).insert({ id: articleId(parts.title, owner, hash), owner, title: parts.title, paragraphs: parts.paragraphs, captions: [], byline: null, published: null, url: null, contentHash: hash, origin: 'ingest', addedBy: null, addedAt: new Date(Date.now() - 7200_000).toISOString() });
      await new DigestRepository(sql).schedule({ channelId, owner, time: '08:00', days: 'daily', timezone: 'UTC', createdBy: null, createdAt: new Date().toISOString(), nextRunAt: new Date(Date.now() - 3600_000).toISOString() });
    }
    await sql.close();
    // The first process's posts go to Discord only once the second process has started and looked for
    // work while the first was posting (both digests claimed, one send recorded and under way): it
    // must neither take the due digests nor "finish" the send under way.
    proxy = await new HoldingProxy(fake.apiUrl, (method, path) => method === 'POST' && /\/channels\/\d+\/messages$/.test(path), 'request').start();
    // Two processes, each with its own DATA_DIR (its machine's cache of readings), one PostgreSQL.
    for (const name of ['one', 'two']) {
      if (name === 'two') await proxy.whenHeld(1);
      const child = spawn('npm', ['start', '--silent'], {
        cwd: ROOT,
        detached: true,
        // debug: the scheduler's 'job finished' line tells when a look for due digests has ended.
        env: { ...process.env, DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: name === 'one' ? proxy.apiUrl : fake.apiUrl, DISCORD_APPLICATION_ID: '', KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: join(data.dir, name), DATABASE_URL: postgres!.url, LOG_LEVEL: 'debug', MEANING: 'off' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      bots.push({ child, exited: new Promise((resolve) => child.on('exit', resolve)), log: new ChildLog(child.stderr!) });
    }
    await fake.waitForSession(2, 60_000);
  }, 120_000);
  afterAll(async () => {
    for (const bot of bots) if (bot.child.pid) process.kill(-bot.child.pid, 'SIGKILL');
    await Promise.all(bots.map((b) => b.exited));
    await proxy?.stop();
    await fake?.stop();
    await postgres?.drop();
    data.cleanup();
  });

  it('each process holds the stored articles from PostgreSQL', async () => {
    for (const bot of bots) await bot.log.waitFor('"knowledge loaded"', () => bot.log.find('knowledge loaded').length > 0, 30_000);
    expect(bots.map((b) => b.log.find('knowledge loaded')[0]).map((l) => [l!.articles, l!.state])).toEqual([[3, 'postgres'], [3, 'postgres']]);
  }, 40_000);

  it('posts each due digest exactly once between them', async () => {
    const [one, two] = bots.map((b) => b.log) as [ChildLog, ChildLog];
    // The second process has started and ended its first look for work while the first is posting
    // (its first post on its way, held): a copy it took, it has posted by then.
    await two.waitFor('the end of the second process\'s first look for due digests', (lines) => lines.some((l) => l.msg === 'ready') && digestRunAfter(lines, lines.findIndex((l) => l.msg === 'ready')), 60_000);
    expect(posts(fake, CHANNEL_ID).length + posts(fake, CHANNEL_ID_2).length).toBe(0);
    // The first process's post goes on and it posts the rest; once its run has ended, no copy can come.
    proxy.release();
    const posted = (lines: readonly LogLine[]) => lines.findLastIndex((l) => l.msg === 'digest posted');
    await one.waitFor('"digest posted" for both channels', () => [CHANNEL_ID, CHANNEL_ID_2].every((c) => one.find('digest posted', { channelId: c }).length > 0), 60_000);
    await one.waitFor('the end of the run that posted', (lines) => digestRunAfter(lines, posted(lines)), 30_000);
    for (const [channelId, text] of [[CHANNEL_ID, 'Barry Beavis'], [CHANNEL_ID_2, 'International Monetary Fund']] as const) {
      const sent = posts(fake, channelId);
      expect(sent).toHaveLength(1);
      expect(JSON.stringify(sent[0]!.body)).toContain(text);
    }
  }, 90_000);
});
