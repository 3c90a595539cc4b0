import { spawn, type ChildProcess } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildLog, ROOT, tempFolder } from '../fixtures.js';
import { LocalSite } from '../sources/site.js';
import { feedOf, feedRoute, STORIES, storyPage } from '../feeds/news.js';

/** Twelve distinct stories (each with a sentence of its own). */
const stories = Array.from({ length: 12 }, (_, k) => {
  const base = STORIES[k % STORIES.length]!;
  return { slug: `${base.slug}-${k}`, title: `${base.title} (${k})`, paragraphs: [...base.paragraphs, `This is report number ${k + 1} of the series, filed by our correspondent.`] };
});

function start(dataDir: string, feedUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'jobs', 'poller-child.ts'), dataDir, feedUrl], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('a feed poller killed with SIGKILL in the middle of ingesting', () => {
  let site: LocalSite;
  const data = tempFolder({});
  const dataDir = join(data.dir, 'data');
  /**
   * While set, the site answers the first `answer` pages it is asked for and holds every later one
   * unanswered, calling `reached` at the first it holds: the poller is then mid-ingest (items read and
   * stored, one being fetched), the point the test kills it at.
   */
  let hold: { answer: number; served: Set<string>; held: ServerResponse[]; reached: () => void } | null = null;
  beforeAll(async () => {
    site = await new LocalSite().start();
    for (const s of stories) {
      site.routes.set(`/news/${s.slug}`, (_q, r) => {
        if (hold && !hold.served.has(s.slug) && hold.served.size >= hold.answer) {
          hold.held.push(r);
          return hold.reached();
        }
        hold?.served.add(s.slug);
        r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(storyPage(s));
      });
    }
    site.routes.set('/feed.xml', feedRoute(() => feedOf('rss', 'Slow News', stories.map((s, k) => ({ title: s.title, link: `${site.base}/news/${s.slug}`, guid: s.slug, date: new Date(Date.UTC(2026, 10, 1, k)).toISOString() })))));
  });
  afterAll(async () => {
    await site.stop();
    data.cleanup();
  });

  /** Articles stored so far, and the seen items, read by a connection of our own. */
  const snapshot = () => {
    const db = new Database(join(dataDir, 'pilcrow.db'), { readonly: true });
    try {
      const articles = db.prepare('SELECT id, title, paragraphs, content_hash FROM articles').all() as { id: string; title: string; paragraphs: string; content_hash: string }[];
      const items = db.prepare('SELECT key, article_id FROM feed_items').all() as { key: string; article_id: string | null }[];
      return { articles, items };
    } finally {
      db.close();
    }
  };
  const consistent = ({ articles, items }: ReturnType<typeof snapshot>) => {
    // Every stored article has its item marked seen (guid and link), and every seen item has its article.
    const ids = new Set(articles.map((a) => a.id));
    expect(items.every((i) => i.article_id !== null && ids.has(i.article_id))).toBe(true);
    for (const a of articles) expect(items.filter((i) => i.article_id === a.id)).toHaveLength(2);
    // No article half stored: each has all its paragraphs.
    for (const a of articles) {
      const story = stories.find((s) => s.title === a.title)!;
      expect(JSON.parse(a.paragraphs)).toEqual(story.paragraphs);
    }
  };

  it('leaves no article half stored, loses no item and stores none twice after a restart', async () => {
    // Killed when it asks for the fourth page: three stories read and stored, one under way.
    const midIngest = new Promise<void>((reached) => (hold = { answer: 3, served: new Set(), held: [], reached }));
    const first = start(dataDir, `${site.base}/feed.xml`);
    const exited = new Promise((resolve) => first.on('exit', resolve));
    first.stderr!.resume();
    try {
      await midIngest;
    } finally {
      first.kill('SIGKILL');
      await exited;
      for (const r of hold!.held) r.destroy();
      hold = null;
    }
    const killed = snapshot();
    expect(killed.articles.length).toBeGreaterThanOrEqual(3);
    expect(killed.articles.length).toBeLessThan(stories.length);
    consistent(killed);

    const second = start(dataDir, `${site.base}/feed.xml`);
    const exited2 = new Promise((resolve) => second.on('exit', resolve));
    const log = new ChildLog(second.stderr!);
    try {
      // The restart's poll has gone through every item of the feed: anything stored twice is stored by then.
      await log.waitFor('"feed polled"', () => log.find('feed polled').length > 0, 60_000);
    } finally {
      second.kill('SIGKILL');
      await exited2;
    }
    const done = snapshot();
    expect(done.articles.map((a) => a.title).sort()).toEqual(stories.map((s) => s.title).sort());
    expect(new Set(done.articles.map((a) => a.content_hash)).size).toBe(stories.length);
    consistent(done);
  }, 90_000);
});
