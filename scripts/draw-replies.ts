/**
 * Draws Pilcrow's main replies as Discord shows them, to look at after a change to the renderers:
 * starts the real bot (the real discord.js client) against the fake Discord of the tests, with a
 * local news site and its feed on 127.0.0.1, runs the main commands (ask answered / not sure / not
 * covered, quote, facts, digest for a manager and for a member, /feed add and its reply edited after
 * the first reading, a feed's announcement, feed list),
 * captures the payloads the bot sent, renders each into an HTML page in Discord's dark style and
 * screenshots it with headless Chromium (driven over the DevTools protocol with `ws`, no npm browser
 * package). Dev tooling only: `npm test` never needs Chromium.
 *
 *   npm run draw-replies [-- --out scratch/replies] [--chromium /usr/bin/chromium] [--html-only]
 *
 * Writes `<name>.png` and `<name>.html` per reply, `payloads.json` (what the bot sent) and `index.html`.
 * Needs Chromium (Debian: `apt-get install chromium`); with `--html-only` it writes the pages only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { feedAnnouncer } from '../src/discord/announcer.js';
import { digestOutlet } from '../src/discord/digest-outlet.js';
import { Engine, loadLive, loadTooling, openDatabase } from '../src/engine/index.js';
import { createLogger } from '../src/logger.js';
import { bodyOf, startHarness, type Harness } from '../test/discord/harness.js';
import { APP_ID, CHANNEL_ID, GUILD_ID, MANAGER_PERMISSIONS, type RecordedRequest } from '../test/fake-discord/server.js';
import { feedOf, feedRoute, STORIES, storyPage, type FeedItem } from '../test/feeds/news.js';
import { seedArticle } from '../test/fixtures.js';
import { LocalSite } from '../test/sources/site.js';

const { ArticleRepository, AddedArticles, SqliteSql } = await loadTooling();
const { DigestRepository, DigestScheduler, FeedPoller, FeedRepository } = await loadLive();

/** One message as the bot sent it (the JSON body of a reply, an edit, a follow-up or a channel post). */
interface Sent {
  content?: string;
  embeds?: Embed[];
  components?: { components: Button[] }[];
  flags?: number;
}
interface Embed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  author?: { name: string };
  thumbnail?: { url: string };
  timestamp?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
}
interface Button {
  type: number;
  style?: number;
  label?: string;
  url?: string;
  custom_id?: string;
}
/** A drawn reply: what was typed (or what happened), and the messages that answered it. */
interface Reply {
  readonly name: string;
  readonly prompt: string;
  readonly messages: Sent[];
}

const SITE_NAME = 'Riverside Gazette';
const COLOURS_OF_STORY = ['#3b6e8f', '#8f5a3b', '#4f7f4f', '#6b4f8f', '#8f3b55'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'scratch/replies' }, chromium: { type: 'string' }, 'html-only': { type: 'boolean', default: false } } });
  const out = resolve(values.out!);
  mkdirSync(out, { recursive: true });
  const replies = await capture();
  writeFileSync(join(out, 'payloads.json'), JSON.stringify(replies, null, 2));
  for (const reply of replies) writeFileSync(join(out, `${reply.name}.html`), page(reply));
  writeFileSync(join(out, 'index.html'), `<!doctype html><meta charset="utf-8"><title>Pilcrow replies</title><body style="background:#1e1f22;color:#dbdee1;font-family:sans-serif">${replies.map((r) => `<h2>${esc(r.name)}</h2><img src="${r.name}.png" style="max-width:900px">`).join('')}</body>`);
  if (values['html-only']) return void console.log(`wrote ${replies.length} pages to ${out}`);
  const chromium = values.chromium ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!chromium) throw new Error('draw-replies: no Chromium found; install it (apt-get install chromium), pass --chromium PATH, or use --html-only');
  await screenshot(chromium, replies.map((r) => ({ html: join(out, `${r.name}.html`), png: join(out, `${r.name}.png`) })));
  console.log(`drew ${replies.length} replies in ${out}: ${replies.map((r) => r.name).join(', ')}`);
}

/** Runs the bot against the fake Discord and a local news site, and records what it sent for each command. */
async function capture(): Promise<Reply[]> {
  const log = createLogger('silent');
  const site = await new LocalSite().start();
  const stories = [...STORIES, { slug: 'archive', title: 'Ferry timetable changes for winter', date: '2025-02-01T08:00:00Z', paragraphs: ['The ferry company changed its winter timetable on Monday, cutting the last evening crossing.', 'Passengers said the change left them stranded after late shifts in the town.', 'The company said it would review the timetable in the spring.'] }];
  stories.forEach((s, k) => {
    site.routes.set(`/news/${s.slug}`, (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(storyPage(s).replace('</head>', `<meta property="og:site_name" content="${SITE_NAME}"><meta property="og:image" content="/img/${s.slug}.svg"><meta property="article:published_time" content="${s.date}"></head>`)));
    site.routes.set(`/img/${s.slug}.svg`, (_q, r) => r.writeHead(200, { 'content-type': 'image/svg+xml' }).end(picture(COLOURS_OF_STORY[k % COLOURS_OF_STORY.length]!, s.title)));
  });
  const items: FeedItem[] = [STORIES[0], STORIES[1], STORIES[2], stories[4]!].map((s) => ({ title: s.title, link: `${site.base}/news/${s.slug}`, guid: s.slug, date: s.date }));
  site.routes.set('/feed.xml', feedRoute(() => feedOf('rss', 'Riverside Gazette: all stories', items)));

  const db = openDatabase(':memory:');
  const sql = new SqliteSql(db);
  const engine = new Engine([seedArticle()]);
  // Twenty minutes back, so that the second read of the feed (16 minutes on) is in the past.
  const clock = { now: new Date(Date.now() - 20 * 60_000) };
  const library = new AddedArticles(engine.store, new ArticleRepository(sql), log, { clock: () => clock.now });
  // The bot is started after the services that post through it.
  const bot: { h?: Harness } = {};
  const poller = new FeedPoller({ feeds: new FeedRepository(sql), library, log, allowPrivate: true, clock: () => clock.now, random: () => 0.5, events: feedAnnouncer(() => bot.h?.bot.client, log) });
  const digests = new DigestScheduler({ repo: new DigestRepository(sql), engine, outlet: digestOutlet(() => bot.h?.bot.client), log, clock: () => clock.now });
  const harness = await startHarness({ engine, feeds: poller, digests });
  bot.h = harness;
  const manager = { guildId: GUILD_ID, permissions: MANAGER_PERMISSIONS };
  const member = { guildId: GUILD_ID };
  const replies: Reply[] = [];
  const run = async (name: string, prompt: string, i: { id: string; token: string }) => {
    try {
      replies.push({ name, prompt, messages: await answerOf(harness, i) });
    } catch (error) {
      throw new Error(`draw-replies: ${name} got no answer (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  try {
    const add = harness.fake.command('feed add', { url: `${site.base}/feed.xml` }, manager, {}, { announce: CHANNEL_ID });
    await run('feed-add', '/feed add url: …/feed.xml announce: #news', add);
    await poller.pollDue();
    // The same reply, edited once the first reading is done.
    const read = await harness.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${add.token}/messages/@original` && JSON.stringify(r.body).includes('articles read'), 10_000);
    replies.push({ name: 'feed-add-read', prompt: '(the /feed add reply, edited after its first reading)', messages: [read.body as Sent] });
    // A new story after the first read: announced in the channel.
    items.push({ title: STORIES[3].title, link: `${site.base}/news/${STORIES[3].slug}`, guid: STORIES[3].slug, date: STORIES[3].date });
    clock.now = new Date(clock.now.getTime() + 16 * 60_000);
    const before = new Set(harness.fake.requests);
    await poller.pollDue();
    const announced = await harness.fake.waitForRequest((r) => !before.has(r) && r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`, 10_000);
    replies.push({ name: 'announcement', prompt: '(a new article in a followed feed)', messages: [announced.body as Sent] });
    await run('feed-list', '/feed list', harness.fake.command('feed list', {}, manager));
    await run('digest', '/digest now (Manage Server: posted in the channel)', harness.fake.command('digest now', {}, manager));
    await run('digest-member', '/digest now since: 3d (a member: only they see it)', harness.fake.command('digest now', { since: '3d' }, member));
    await run('ask-answered', '/ask question: where will the summit be held', harness.fake.command('ask', { question: 'where will the summit be held' }, member));
    await run('ask-not-sure', '/ask question: did the council leader promise lower taxes', harness.fake.command('ask', { question: 'did the council leader promise lower taxes' }, member));
    await run('ask-not-covered', '/ask question: who won the football world cup', harness.fake.command('ask', { question: 'who won the football world cup' }, member));
    await run('quote', '/quote who: Bolton', harness.fake.command('quote', { who: 'Bolton' }, member));
    await run('facts', '/facts name: John Bolton', harness.fake.command('facts', { name: 'John Bolton' }, member));
  } finally {
    await poller.stop();
    await digests.halt();
    // The pages' pictures are served by the site: it stays up until the screenshots are taken.
    afterScreenshots.push(async () => {
      await harness.close();
      await site.stop();
      db.close();
    });
  }
  return replies;
}

/** Work to do once the pictures are taken (the local site serves the thumbnails until then). */
const afterScreenshots: (() => Promise<void>)[] = [];

/** The messages that answered an interaction: its reply (or the edit of a deferral) and any follow-ups. */
async function answerOf(h: Harness, i: { id: string; token: string }): Promise<Sent[]> {
  const first = bodyOf(await h.fake.callback(i.id, 20_000));
  const ephemeral = ((first.data?.flags as number | undefined) ?? 0) & 64;
  const messages: Sent[] = [];
  // A deferral is followed by an edit, or by its deletion and a follow-up (an empty digest, told only to the asker).
  const edited = (r: RecordedRequest) => (r.method === 'PATCH' || r.method === 'DELETE') && r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`;
  if (first.type === 5) {
    const next = await h.fake.waitForRequest(edited, 20_000);
    if (next.method === 'PATCH') messages.push({ ...(next.body as Sent), ...(ephemeral ? { flags: 64 } : {}) });
  }
  else if (first.type === 4) messages.push(first.data as Sent);
  else if (first.type === 9) messages.push({ content: `(a form: ${String(first.data.title ?? '')})` });
  // Follow-ups come right after; a digest sends them one by one.
  const isFollowUp = (r: RecordedRequest) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${i.token}`;
  for (let quiet = 0; quiet < 3; ) {
    const count = h.fake.requests.filter(isFollowUp).length;
    await new Promise((r) => setTimeout(r, 150));
    quiet = h.fake.requests.filter(isFollowUp).length === count ? quiet + 1 : 0;
  }
  for (const r of h.fake.requests.filter(isFollowUp)) messages.push(r.body as Sent);
  return messages;
}

/** A placeholder news picture: a coloured card with the story's first words. */
function picture(colour: string, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" viewBox="0 0 320 200"><rect width="320" height="200" fill="${colour}"/><circle cx="250" cy="60" r="34" fill="#ffffff33"/><path d="M0 160 L90 100 L160 150 L230 90 L320 150 L320 200 L0 200Z" fill="#00000033"/><text x="16" y="184" font-family="sans-serif" font-size="18" fill="#fff">${esc(title.split(' ').slice(0, 3).join(' '))}</text></svg>`;
}

// ---------------------------------------------------------------------------------------------
// Discord's dark theme, drawn from the payloads.

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A Discord timestamp `<t:unix:style>` as the client shows it (in UTC here, with the zone named). */
function timestamp(unix: number, style: string): string {
  const d = new Date(unix * 1000);
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const weekday = d.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
  if (style === 'R') {
    const s = Math.round((unix * 1000 - Date.now()) / 1000);
    const [n, unit] = Math.abs(s) < 60 ? [s, 'second'] : Math.abs(s) < 3600 ? [Math.round(s / 60), 'minute'] : Math.abs(s) < 86400 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86400), 'day'];
    return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(n as number, unit as Intl.RelativeTimeFormatUnit);
  }
  if (style === 'D') return date;
  if (style === 'd') return d.toLocaleDateString('en-GB', { timeZone: 'UTC' });
  if (style === 't') return time;
  if (style === 'F') return `${weekday}, ${date} ${time}`;
  return `${date} ${time}`;
}

/** Discord's Markdown, the part Pilcrow writes: headings, quotes, bold, italics, code, links, mentions, timestamps, escapes. */
function markdown(text: string): string {
  const inline = (t: string) => {
    const slots: string[] = [];
    const keep = (html: string) => `\uE000${slots.push(html) - 1}\uE000`;
    let s = t.replace(/\\([\\*_`~|>#\-[\]().!])/g, (_, c: string) => keep(esc(c)));
    s = s.replace(/`([^`]+)`/g, (_, c: string) => keep(`<code>${esc(c)}</code>`));
    s = s.replace(/<t:(\d+)(?::([tTdDfFR]))?>/g, (_, n: string, st: string | undefined) => keep(`<span class="ts">${esc(timestamp(Number(n), st ?? 'f'))}</span>`));
    s = s.replace(/<#\d+>/g, () => keep('<span class="mention">#news</span>'));
    s = s.replace(/<@!?\d+>/g, () => keep('<span class="mention">@member</span>'));
    s = s.replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, (_, label: string, url: string) => keep(`<a href="${esc(url)}">${esc(label)}</a>`));
    s = esc(s);
    s = s.replace(/\*\*(.+?)\*\*/g, '<b>$1</b>').replace(/(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])/g, '<i>$1</i>').replace(/(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)/g, '<i>$1</i>').replace(/__(.+?)__/g, '<u>$1</u>');
    s = s.replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`);
    return s.replace(/\uE000(\d+)\uE000/g, (_, k: string) => slots[Number(k)]!);
  };
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of text.split('\n')) {
    const q = /^>\s?(.*)$/.exec(line);
    if (q) {
      quote.push(inline(q[1]!));
      continue;
    }
    flush();
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    if (h) out.push(`<div class="h${h[1]!.length}">${inline(h[2]!)}</div>`);
    else if (/^[-*]\s+/.test(line)) out.push(`<div class="li">• ${inline(line.replace(/^[-*]\s+/, ''))}</div>`);
    else out.push(line === '' ? '<div class="gap"></div>' : `<div>${inline(line)}</div>`);
  }
  flush();
  return out.join('');
}

function embedHtml(e: Embed): string {
  const colour = e.color !== undefined ? `#${e.color.toString(16).padStart(6, '0')}` : '#1e1f22';
  const fields = (e.fields ?? []).map((f) => `<div class="field${f.inline ? ' inline' : ''}"><div class="fname">${markdown(f.name)}</div><div class="fvalue">${markdown(f.value)}</div></div>`).join('');
  const footer = e.footer || e.timestamp ? `<div class="footer">${[e.footer ? markdown(e.footer.text).replace(/^<div>|<\/div>$/g, '') : null, e.timestamp ? esc(timestamp(Date.parse(e.timestamp) / 1000, 'f')) : null].filter(Boolean).join(' • ')}</div>` : '';
  return `<div class="embed" style="border-left-color:${colour}"><div class="ebody">${e.author ? `<div class="author">${esc(e.author.name)}</div>` : ''}${e.title ? `<div class="etitle">${e.url ? `<a href="${esc(e.url)}">${markdown(e.title).replace(/^<div>|<\/div>$/g, '')}</a>` : markdown(e.title).replace(/^<div>|<\/div>$/g, '')}</div>` : ''}${e.description ? `<div class="edesc">${markdown(e.description)}</div>` : ''}${fields ? `<div class="fields">${fields}</div>` : ''}${footer}</div>${e.thumbnail ? `<img class="thumb" src="${esc(e.thumbnail.url)}">` : ''}</div>`;
}

function buttonHtml(b: Button): string {
  const style = b.style === 1 ? 'primary' : b.style === 3 ? 'success' : b.style === 4 ? 'danger' : b.style === 5 ? 'link' : 'secondary';
  return `<span class="button ${style}">${esc(b.label ?? '')}${b.style === 5 ? ' <span class="ext">↗</span>' : ''}</span>`;
}

function messageHtml(m: Sent, first: boolean): string {
  const ephemeral = ((m.flags ?? 0) & 64) !== 0;
  const head = first ? `<div class="head"><span class="avatar">¶</span><span class="name">Pilcrow</span><span class="app">APP</span><span class="when">Today at 08:00</span></div>` : '';
  const rows = (m.components ?? []).map((r) => `<div class="row">${r.components.map(buttonHtml).join('')}</div>`).join('');
  const note = ephemeral ? `<div class="eph">👁 Only you can see this • <a>Dismiss message</a></div>` : '';
  return `<div class="msg${first ? '' : ' cont'}">${head}<div class="body">${m.content ? `<div class="content">${markdown(m.content)}</div>` : ''}${(m.embeds ?? []).map(embedHtml).join('')}${rows}${note}</div></div>`;
}

const CSS = `
body{margin:0;background:#313338;color:#dbdee1;font:16px/1.375 "gg sans","Noto Sans","DejaVu Sans",Helvetica,Arial,sans-serif;width:900px}
a{color:#00a8fc;text-decoration:none}
.prompt{padding:10px 16px 4px 72px;color:#949ba4;font-size:14px}.prompt b{color:#dbdee1;font-weight:500}
.msg{padding:2px 16px 2px 72px;position:relative}.msg:first-of-type{padding-top:8px}.msg:last-child{padding-bottom:16px}
.head{display:flex;align-items:center;gap:6px;margin-left:-56px;margin-bottom:2px}
.avatar{width:40px;height:40px;border-radius:50%;background:#4f7f4f;color:#fff;display:inline-flex;align-items:center;justify-content:center;font-size:22px;margin-right:10px}
.name{color:#fff;font-weight:600}.app{background:#5865f2;color:#fff;font-size:10px;font-weight:700;border-radius:3px;padding:1px 4px}.when{color:#949ba4;font-size:12px;margin-left:4px}
.content{white-space:normal;word-wrap:break-word}.content .h1{font-size:24px;font-weight:700;margin:8px 0 4px}.content .h2{font-size:20px;font-weight:700;margin:8px 0 4px;color:#f2f3f5}.h3{font-size:16px;font-weight:700}
.gap{height:6px}
blockquote{margin:2px 0;padding:0 0 0 12px;border-left:4px solid #4e5058}
code{background:#2b2d31;border-radius:3px;padding:0 3px;font-size:85%;font-family:Consolas,"DejaVu Sans Mono",monospace}
.ts{background:#ffffff14;border-radius:3px;padding:0 2px}
.mention{background:#5865f24d;color:#c9cdfb;border-radius:3px;padding:0 2px;font-weight:500}
.embed{display:flex;max-width:520px;background:#2b2d31;border-left:4px solid;border-radius:4px;margin-top:6px;padding:8px 16px 16px 12px;gap:16px}
.ebody{flex:1;min-width:0;font-size:14px}.author{font-size:14px;font-weight:600;color:#f2f3f5;margin-top:8px}
.etitle{font-size:16px;font-weight:600;color:#f2f3f5;margin-top:8px}.etitle a{color:#00a8fc}
.edesc{margin-top:8px;font-size:14px}
.fields{display:flex;flex-wrap:wrap;gap:8px 16px;margin-top:8px}.field{flex:1 1 100%;font-size:14px}.field.inline{flex:1 1 30%}.fname{font-weight:600;color:#f2f3f5;margin-bottom:2px}
.footer{margin-top:8px;font-size:12px;color:#b5bac1}
.thumb{width:80px;height:80px;object-fit:cover;border-radius:4px;margin-top:8px;flex:none}
.row{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.button{display:inline-flex;align-items:center;height:32px;padding:0 16px;border-radius:3px;font-size:14px;font-weight:500;color:#fff;white-space:nowrap}
.primary{background:#5865f2}.secondary,.link{background:#4e5058}.success{background:#248046}.danger{background:#da373c}.ext{margin-left:6px;font-size:12px}
.eph{font-size:12px;color:#949ba4;margin-top:4px}.eph a{color:#00a8fc}
`;

function page(reply: Reply): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(reply.name)}</title><style>${CSS}</style></head><body><div class="prompt">↳ <b>${esc(reply.prompt)}</b></div>${reply.messages.map((m, k) => messageHtml(m, k === 0)).join('')}</body></html>`;
}

// ---------------------------------------------------------------------------------------------
// Screenshots: headless Chromium over the DevTools protocol, the page's full height.

async function screenshot(chromium: string, shots: { html: string; png: string }[]): Promise<void> {
  const profile = join(tmpdir(), `pilcrow-draw-${process.pid}`);
  const browser = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const endpoint = await devtoolsEndpoint(browser);
    const cdp = await connect(endpoint);
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const send = <T>(method: string, params: object = {}) => cdp.send<T>(method, params, sessionId);
    await send('Page.enable');
    for (const { html, png } of shots) {
      await send('Emulation.setDeviceMetricsOverride', { width: 900, height: 400, deviceScaleFactor: 1, mobile: false });
      const loaded = cdp.once('Page.loadEventFired', sessionId);
      await send('Page.navigate', { url: `file://${html}` });
      await loaded;
      const { result } = await send<{ result: { value: number } }>('Runtime.evaluate', { expression: 'document.documentElement.scrollHeight', returnByValue: true });
      const height = Math.min(Math.max(100, result.value), 8000);
      await send('Emulation.setDeviceMetricsOverride', { width: 900, height, deviceScaleFactor: 1, mobile: false });
      const { data } = await send<{ data: string }>('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, width: 900, height, scale: 1 } });
      writeFileSync(png, Buffer.from(data, 'base64'));
    }
    cdp.close();
  } finally {
    browser.kill('SIGTERM');
    for (const done of afterScreenshots.splice(0)) await done();
  }
}

function devtoolsEndpoint(browser: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`draw-replies: Chromium did not start:\n${seen.slice(-2000)}`)), 30_000);
    browser.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    browser.once('exit', (code) => reject(new Error(`draw-replies: Chromium exited (${code}):\n${seen.slice(-2000)}`)));
  });
}

/** A minimal DevTools protocol client: numbered calls with their answers, and events awaited once. */
async function connect(url: string): Promise<{ send<T>(method: string, params?: object, sessionId?: string): Promise<T>; once(event: string, sessionId?: string): Promise<unknown>; close(): void }> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((ok, fail) => socket.once('open', ok).once('error', fail));
  let next = 0;
  const pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  const waiting: { event: string; sessionId: string | undefined; ok: (v: unknown) => void }[] = [];
  socket.on('message', (raw) => {
    const m = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: unknown; sessionId?: string };
    if (m.id !== undefined) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.fail(new Error(`draw-replies: ${m.error.message}`));
      else p?.ok(m.result);
      return;
    }
    const k = waiting.findIndex((w) => w.event === m.method && w.sessionId === m.sessionId);
    if (k >= 0) waiting.splice(k, 1)[0]!.ok(m.params);
  });
  return {
    send: <T>(method: string, params: object = {}, sessionId?: string) =>
      new Promise<T>((ok, fail) => {
        const id = ++next;
        pending.set(id, { ok: ok as (v: unknown) => void, fail });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      }),
    once: (event, sessionId) => new Promise((ok) => waiting.push({ event, sessionId, ok })),
    close: () => socket.close(),
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
