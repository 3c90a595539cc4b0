import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleId, ArticleRepository, contentHash } from '../../src/state/articles.js';
import { openDatabase } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { DigestRepository } from '../../src/state/digests.js';
import { CHANNEL_ID, FAKE_TOKEN, FakeDiscord, GUILD_ID } from '../fake-discord/server.js';
import { HoldingProxy } from '../fake-discord/holding-proxy.js';
import { ChildLog, ROOT, tempFolder } from '../fixtures.js';
import { STORIES } from '../feeds/news.js';

/** The bot as shipped (`npm start`) against the fake Discord, with its state in `dataDir`, and its log (debug: the scheduler says when a look for due digests has ended). */
function startBot(apiUrl: string, dataDir: string, knowledgeDir: string): { child: ChildProcess; exited: Promise<unknown>; log: ChildLog } {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: apiUrl, DISCORD_APPLICATION_ID: '', KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, LOG_LEVEL: 'debug', MEANING: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { child, exited: new Promise((resolve) => child.on('exit', resolve)), log: new ChildLog(child.stderr!) };
}

const WORDS = 'council river bridge police school hospital market station harbour museum library festival airport factory stadium theatre garden village farm court office union bank church park road tower castle island beach forest mountain valley lake'.split(' ');
/** A sentence of twelve words drawn by a seeded generator: different for every seed. */
function sentenceOf(seed: number): string {
  let x = seed * 2654435761 + 12345;
  const words = ['Residents', 'said'];
  for (let i = 0; i < 10; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    words.push(WORDS[x % WORDS.length]!);
  }
  return words.join(' ');
}

const posts = (fake: FakeDiscord) => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);

describe('a scheduled digest when the bot is killed with SIGKILL in the middle of posting it', () => {
  let fake: FakeDiscord;
  const data = tempFolder({});
  const dataDir = join(data.dir, 'data');
  // No shared articles: the server's 25 are the whole digest, whenever the test runs (a shared file's
  // modification time would fall anywhere among them).
  const knowledgeDir = join(data.dir, 'knowledge');
  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    mkdirSync(knowledgeDir);
    // 25 stories of the server, and a digest that fell due an hour ago: three messages to post.
    const db = openDatabase(dataDir);
    const articles = new ArticleRepository(new SqliteSql(db));
    for (let k = 0; k < 25; k++) {
      const s = STORIES[k % STORIES.length]!;
      // Distinct stories (the digest merges near-duplicates): each paragraph a different draw of words.
      const parts = { title: `${s.title} (${k + 1})`, paragraphs: [0, 1, 2].map((p) => `${sentenceOf(k * 3 + p)}.`) };
      const hash = contentHash(parts);
      await articles.insert({ id: articleId(parts.title, GUILD_ID, hash), owner: GUILD_ID, title: parts.title, paragraphs: parts.paragraphs, captions: [], byline: null, published: null, url: null, contentHash: hash, origin: 'feed', addedBy: null, addedAt: new Date(Date.now() - (3 * 3600 - k * 60) * 1000).toISOString() });
    }
    await new DigestRepository(new SqliteSql(db)).schedule({ channelId: CHANNEL_ID, owner: GUILD_ID, time: '08:00', days: 'daily', timezone: 'UTC', createdBy: null, createdAt: new Date().toISOString(), nextRunAt: new Date(Date.now() - 3600_000).toISOString() });
    db.close();
  });
  afterAll(async () => {
    await fake?.stop();
    data.cleanup();
  });

  it('posts every message once after a restart: the repeat carries the same nonce and Discord drops it', async () => {
    // The first run's messages are created at once but never answered: it is killed when the first
    // is created and it has not heard back.
    const proxy = await new HoldingProxy(fake.apiUrl, (method, path) => method === 'POST' && path.endsWith(`/channels/${CHANNEL_ID}/messages`)).start();
    const first = startBot(proxy.apiUrl, dataDir, knowledgeDir);
    try {
      await proxy.whenHeld(1);
    } finally {
      process.kill(-first.child.pid!, 'SIGKILL');
      await first.exited;
      await proxy.stop();
    }
    expect(fake.posted.get(CHANNEL_ID)).toHaveLength(1);

    const second = startBot(fake.apiUrl, dataDir, knowledgeDir);
    try {
      // The restart's first look for work finishes the send cut short, then looks for due digests (the
      // schedule already moved on): a duplicate, if one were coming, is posted before that run ends.
      await second.log.waitFor('"digest posted"', () => second.log.find('digest posted').length > 0, 60_000);
      await second.log.waitFor('the end of the run that posted', (lines) => lines.slice(lines.findIndex((l) => l.msg === 'digest posted')).some((l) => l.msg === 'job finished' && l.job === 'digests'), 30_000);
    } finally {
      process.kill(-second.child.pid!, 'SIGKILL');
      await second.exited;
    }
    const visible = fake.posted.get(CHANNEL_ID)!;
    // Five stories a message (each with its own row of buttons): five messages.
    expect(visible.map((m) => m.nonce)).toEqual(['dg1-0', 'dg1-1', 'dg1-2', 'dg1-3', 'dg1-4']);
    // The first message was sent twice (before and after the kill), and shown once.
    expect(posts(fake).map((r) => (r.body as { nonce: string }).nonce)).toEqual(['dg1-0', 'dg1-0', 'dg1-1', 'dg1-2', 'dg1-3', 'dg1-4']);
    // The server's 25 stories, all shown, none counted as more.
    const text = visible.map((m) => JSON.stringify(m.message)).join('');
    for (let k = 1; k <= 25; k++) expect(text).toContain(`(${k})`);
    expect(text).not.toContain('more: `/sources`');
  }, 120_000);
});
