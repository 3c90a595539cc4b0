import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleId, ArticleRepository, contentHash } from '../../src/state/articles.js';
import { openDatabase } from '../../src/state/db.js';
import { openPostgres, SqliteSql } from '../../src/state/sql.js';
import { DigestRepository } from '../../src/state/digests.js';
import { CHANNEL_ID, CHANNEL_ID_2, FAKE_TOKEN, FakeDiscord, GUILD_ID, GUILD_ID_2 } from '../fake-discord/server.js';
import { ChildLog, freshPostgres, ROOT, SEED_TEXT, tempFolder } from '../fixtures.js';
import { bodyOf } from './harness.js';

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };
const textOf = (r: { body: unknown }) => ((bodyOf(r).data.embeds as Embed[] | undefined) ?? []).map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f) => `${f.name} ${f.value}`).join('\n')}`).join('\n').replaceAll('**', '');
const posts = (fake: FakeDiscord, channelId: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

/** Each server's own story: only its shard holds it. */
const OWN = {
  [GUILD_ID]: { title: 'Driver loses parking fine appeal', paragraphs: ['Barry Beavis, 48, lost his case at the Court of Appeal on Thursday.', 'Mr Beavis had parked at a retail park in Chelmsford.'] },
  [GUILD_ID_2]: { title: 'Fund cuts growth forecast', paragraphs: ['The International Monetary Fund cut its growth forecast for Britain on Tuesday.', 'Its chief economist said the outlook was clouded.'] },
};

const postgres = await freshPostgres();
/** The state the shards share: the SQLite file in DATA_DIR, and PostgreSQL when a server answers. */
const STATES = [{ name: 'SQLite', url: null as string | null }, ...(postgres ? [{ name: 'PostgreSQL', url: postgres.url }] : [])];
afterAll(async () => postgres?.drop());

describe.each(STATES)('SHARDS=auto with the state in $name: the bot as shipped runs two shards under the ShardingManager, servers spread over both', ({ url }) => {
  let fake: FakeDiscord;
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  let log: ChildLog;
  /** The JSON log lines with this message, from the manager and both shards. */
  const lines = (msg: string) => log.find(msg);
  const data = tempFolder({});
  const dataDir = join(data.dir, 'data');
  const knowledgeDir = join(data.dir, 'knowledge');

  beforeAll(async () => {
    fake = await new FakeDiscord(2).start();
    mkdirSync(knowledgeDir);
    writeFileSync(join(knowledgeDir, 'trump-putin-summit.txt'), SEED_TEXT);
    // Each server: its own story, and a digest that fell due an hour ago in its channel.
    const db = openDatabase(dataDir);
    const sql = url ? await openPostgres(url) : new SqliteSql(db);
    const articles = new ArticleRepository(sql);
    const digests = new DigestRepository(sql);
    for (const [owner, channelId] of [[GUILD_ID, CHANNEL_ID], [GUILD_ID_2, CHANNEL_ID_2]] as const) {
      const parts = OWN[owner];
      const hash = contentHash(parts);
      await articles.insert({ id: articleId(parts.title, owner, hash), owner, title: parts.title, paragraphs: parts.paragraphs, captions: [], byline: null, published: null, url: null, contentHash: hash, origin: 'ingest', addedBy: null, addedAt: new Date(Date.now() - 7200_000).toISOString() });
      await digests.schedule({ channelId, owner, time: '08:00', days: 'daily', timezone: 'UTC', createdBy: null, createdAt: new Date().toISOString(), nextRunAt: new Date(Date.now() - 3600_000).toISOString() });
    }
    if (url) await sql.close();
    db.close();
    child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true,
      // debug: the scheduler's 'job finished' line tells when a shard's look for due digests has ended.
      env: { ...process.env, DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: '', KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, LOG_LEVEL: 'debug', MEANING: 'off', SHARDS: 'auto', COOLDOWN_SECONDS: '0', ...(url ? { DATABASE_URL: url } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    log = new ChildLog(child.stderr!);
    exited = new Promise((resolve) => child!.on('exit', resolve));
    await fake.waitForSession(2, 60_000);
  }, 90_000);
  afterAll(async () => {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
    await exited;
    await fake?.stop();
    data.cleanup();
  });

  it('logs in once per shard, as [0, 2] and [1, 2], with the count /gateway/bot recommended', () => {
    const shards = fake.gatewayOps.filter((o) => o.op === 2).map((o) => (o.d as { shard: number[] }).shard);
    expect(shards.sort()).toEqual([[0, 2], [1, 2]]);
  });

  it('holds in each shard the shared articles and its own servers\' only', async () => {
    await log.waitFor('"knowledge loaded" from both shards', () => lines('knowledge loaded').length === 2, 30_000);
    expect(lines('knowledge loaded').map((l) => [l.shard, l.articles, l.state]).sort()).toEqual([[0, 2, url ? 'postgres' : 'sqlite'], [1, 2, url ? 'postgres' : 'sqlite']]);
  });

  it('answers each server on its shard, from the shared articles and that server\'s own only', async () => {
    const questions = { [GUILD_ID]: 'who lost his parking appeal at the Court of Appeal', [GUILD_ID_2]: 'what did the International Monetary Fund cut' };
    const answers = { [GUILD_ID]: 'lost his case at the Court of Appeal', [GUILD_ID_2]: 'cut its growth forecast for Britain' };
    for (const [who, other] of [[GUILD_ID, GUILD_ID_2], [GUILD_ID_2, GUILD_ID]] as const) {
      const shared = fake.command('ask', { question: 'where is the summit' }, { guildId: who });
      expect(textOf(await fake.callback(shared.id, 15_000))).toContain('Vienna and Helsinki');
      const mine = fake.command('ask', { question: questions[who] }, { guildId: who });
      expect(textOf(await fake.callback(mine.id, 15_000))).toContain(answers[who]);
      const theirs = fake.command('ask', { question: questions[other] }, { guildId: who });
      expect(textOf(await fake.callback(theirs.id, 15_000))).not.toContain(answers[other]);
    }
  }, 60_000);

  it('posts each server\'s due digest once, from the shard that serves it', async () => {
    // Each shard's first look for due digests (the digests fell due before the start) has ended: any
    // copy a shard were to post of the other's digest has been sent by then.
    const ran = (shard: number) => log.find('job finished', { job: 'digests', shard }).length > 0;
    await log.waitFor('the end of both shards\' first look for due digests', () => ran(0) && ran(1), 30_000);
    for (const [channelId, own] of [[CHANNEL_ID, 'Barry Beavis'], [CHANNEL_ID_2, 'International Monetary Fund']] as const) {
      const sent = posts(fake, channelId);
      expect(sent).toHaveLength(1);
      expect(JSON.stringify(sent[0]!.body)).toContain(own);
    }
  }, 60_000);

  it('shuts every shard down on SIGTERM', async () => {
    process.kill(-child!.pid!, 'SIGTERM');
    await log.waitFor('"shutting down" from both shards', () => lines('shutting down').filter((l) => l.shard !== undefined).length === 2, 40_000);
    await exited;
  }, 90_000);
});
