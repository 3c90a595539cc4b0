import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/discord/limits.js';
import { renderAnswerText } from '../../src/cli/render.js';
import { COLOURS, embedLength, FEED_LIST_PAGE, fitEmbeds, questionText, renderFeedAdded, renderFeedListPages, truncate } from '../../src/discord/render.js';
import { feedChoiceName } from '../../src/discord/render-feeds.js';
import type { FeedRecord } from '../../src/engine/index.js';
import { encodeProblem, PROBLEMS } from '../../src/model/problems.js';
import { askPageCount, highlight, questionTerms, renderAsk, renderAskPages, renderPassage, renderSourcesPages, type ArticleLookup } from '../../src/discord/render-answers.js';
import type { Answer, AskResult } from '../../src/engine/answers.js';
import { article } from '../fixtures.js';

const answer = (over: Partial<Answer> = {}): Answer => ({
  articleId: 'a',
  articleTitle: 'Title',
  paragraph: 5,
  caption: null,
  quote: 'Previous reports have named Vienna and Helsinki as locations for the summit.',
  context: 'ctx',
  score: 1,
  matched: ['summit'],
  ...over,
});
const result = (results: Answer[], over: Partial<AskResult> = {}): AskResult => ({ question: 'where is the summit', outcome: 'answer', answered: true, confidence: 0.9, results, reason: null, corrections: [], route: 'ranked', subject: null, ...over });
/** Article "a" has no web address (a knowledge file); article "web" has one. */
const articles: ArticleLookup = (id) => (id === 'web' ? { source: 'https://news.example/summit' } : id === 'a' ? {} : undefined);
const opts = { key: 'k', articles };
const labels = (p: { components: { components: unknown[] }[] }) => p.components.flatMap((r) => r.components).map((b) => (b as { label: string }).label);

describe('truncate', () => {
  it('cuts at a word boundary and adds an ellipsis', () => {
    expect(truncate('one two three', 9)).toBe('one two…');
    expect(truncate('short', 10)).toBe('short');
  });
  it('never leaves a dangling escape', () => {
    expect(truncate('abc \\*\\*def', 7)).not.toMatch(/\\…$/);
  });
});

describe('questionText', () => {
  it('drops mentions of everyone, members, roles and channels, and keeps the words', () => {
    expect(questionText('@everyone where is the summit <@1145678901234567890> <@!12345> <@&1123456789012345678> <#998877> @here')).toBe('where is the summit');
    expect(questionText('what did Bolton say about email@here.com')).toBe('what did Bolton say about email@here.com');
  });
});

describe('highlight', () => {
  it('bolds the question\'s words and escapes the rest', () => {
    expect(highlight('The *summit* in Helsinki', new Set(['summit', 'helsinki']))).toBe('The \\***summit**\\* in **Helsinki**');
  });

  it('bolds the question\'s own words and their corrected forms, never a word matched only by meaning', () => {
    const terms = questionTerms({ question: 'who controls the sumit', corrections: [{ from: 'sumit', to: 'summit' }] });
    // "control" and "dispatching" were bolded when the engine's matched words (meaning matches too) were used.
    expect(highlight('Dispatching troops to control the summits, he just said.', terms)).toBe('Dispatching troops to **control** the **summits**, he just said.');
    expect(highlight('Officials just took power at the summit.', questionTerms({ question: 'who controls the summit', corrections: [] }))).toBe('Officials just took power at the **summit**.');
  });
});

describe('renderAsk', () => {
  it('puts the one answer on top with its citation once, and the rest behind "More results"', () => {
    const p = renderAsk(result([answer(), answer({ paragraph: null, caption: 2 }), answer({ paragraph: 7 })]), 0, opts);
    expect(p.embeds[0]!.description).toBe('> Previous reports have named Vienna and Helsinki as locations for the **summit**.\n— ¶5 · Title');
    expect(labels(p)).toEqual(['Show ¶5', 'More results (2)']);
    expect(p.visibility).toBe('public');
    expect(p.allowedMentions).toEqual({ parse: [] });
  });

  it('links the citation to the quoted sentence with a text fragment, and adds an "Open article" link button', () => {
    const p = renderAsk(result([answer({ articleId: 'web', quote: 'Vienna-Helsinki, rock & roll.' })]), 0, opts);
    const link = 'https://news.example/summit#:~:text=Vienna%2DHelsinki%2C%20rock%20%26%20roll.';
    expect(p.embeds[0]!.description).toContain(`— [¶5 · Title](${link})`);
    expect(p.embeds[0]!.url).toBe(link);
    const open = p.components[0]!.components.find((b) => (b as { label: string }).label === 'Open article') as { style: number; url: string };
    expect(open).toMatchObject({ style: 5, url: link });
  });

  it('shows no link for an article without a web address', () => {
    const p = renderAsk(result([answer()]), 0, opts);
    expect(p.embeds[0]!.url).toBeUndefined();
    expect(p.embeds[0]!.description).not.toContain('](');
    expect(labels(p)).not.toContain('Open article');
  });

  it('pages the further results three to a page, the title said only where the article changes', () => {
    const r = result([1, 2, 3, 4, 5].map((n) => answer({ paragraph: n, articleId: n === 4 ? 'web' : 'a', articleTitle: n === 4 ? 'Other' : 'Title' })));
    expect(askPageCount(r)).toBe(3);
    const pages = renderAskPages(r, articles);
    expect(pages).toHaveLength(3);
    expect(pages[1]!.embeds[0]!.description!.match(/— .*/g)).toEqual(['— ¶2 · Title', '— ¶3', '— [¶4 · Other](https://news.example/summit#:~:text=Previous%20reports%20have%20named%20Vienna%20and%20Helsinki%20as%20locations%20for%20the%20summit.)']);
    expect(pages[1]!.embeds[0]!.footer!.text).toMatch(/^Results 2-4 of 5/);
    expect(pages[2]!.embeds[0]!.footer!.text).toMatch(/^Result 5 of 5/);
    for (const p of pages) {
      expect(labels(p)).not.toContain('Share');
      expect(labels(p).some((l) => l.startsWith('More'))).toBe(false);
      expect(p.visibility).toBe('private');
    }
  });

  it('shows "not sure" to the asker only, labelled as such, with a Share button; shared, it is public and says by whom', () => {
    const r = result([answer(), answer({ paragraph: 6 })], { outcome: 'not sure', answered: false, reason: 'not_sure', confidence: 0.31 });
    const p = renderAsk(r, 0, opts);
    const e = p.embeds[0]!;
    expect(e.title).toBe('Not sure: where is the summit');
    expect(e.description).toMatch(/^\*\*I'm not sure these answer it\.\*\* The passages that may:\n\n> Previous reports/);
    expect(e.footer!.text).toContain('Confidence 31%');
    expect(p.visibility).toBe('private');
    expect(labels(p)).toEqual(['Show ¶5', 'More results (1)', 'Share']);
    expect(p.components[0]!.components.at(-1)).toMatchObject({ custom_id: 'share:k' });
    const shared = renderAsk(r, 0, { key: null, articles, sharedBy: 'Reader' });
    expect(shared.visibility).toBe('public');
    expect(shared.embeds[0]!.footer!.text).toContain('Shared by Reader');
    expect(labels(shared)).not.toContain('Share');
  });

  it('says plainly, privately, that the articles do not cover a question, and shows no passage', () => {
    const p = renderAsk(result([answer(), answer({ paragraph: 2 })], { outcome: 'not covered', answered: false, reason: 'not_covered', confidence: 0.04 }), 0, opts);
    const e = p.embeds[0]!;
    expect(e.title).toBe('Not covered: where is the summit');
    expect(e.description).toContain('The articles do not cover this.');
    expect(e.description).not.toContain('Vienna');
    expect(p.components).toEqual([]);
    expect(p.visibility).toBe('private');
  });

  it('answers an empty question with a private hint, never a "Not sure: " embed', () => {
    const p = renderAsk(result([], { question: '', outcome: 'not covered', answered: false, reason: 'empty_question' }), 0, opts);
    expect(p.visibility).toBe('private');
    expect(p.embeds[0]!.title).toBeUndefined();
    expect(p.embeds[0]!.description).toContain('Ask a question about the articles');
  });

  it('answers a greeting or thanks (reason not_a_question) with a private hint on how to ask, never "Not covered"', () => {
    const p = renderAsk(result([], { question: 'hi', outcome: 'not covered', answered: false, reason: 'not_a_question' }), 0, opts);
    expect(p.visibility).toBe('private');
    expect(p.embeds[0]!.title).toBeUndefined();
    expect(p.embeds[0]!.description).toContain('Ask me a question about the news');
    expect(p.embeds[0]!.description).toContain('/ask question:');
  });

  it('opens a routed answer with what it is, and says where it was read from instead of a confidence', () => {
    const p = renderAsk(result([answer({ paragraph: 3 })], { question: 'who is John Bolton', route: 'facts', subject: { name: 'John Bolton', role: 'US national security adviser' }, confidence: 1 }), 0, opts);
    const e = p.embeds[0]!;
    expect(e.title).toBe('who is John Bolton');
    expect(e.description).toMatch(/^\*\*John Bolton, US national security adviser:\*\*\n\n> Previous reports .*\n— ¶3 · Title$/);
    expect(e.footer!.text).toBe('From the facts about them (/facts)');
    expect(e.color).toBe(COLOURS.answer);
    const quotes = renderAsk(result([answer()], { route: 'quotes', subject: { name: 'Vladimir Putin', role: null } }), 0, opts).embeds[0]!;
    expect(quotes.description).toMatch(/^\*\*What Vladimir Putin said:\*\*\n\n> /);
    const latest = renderAsk(result([answer()], { route: 'latest', subject: { name: 'Bank holds rates', role: null } }), 0, opts).embeds[0]!;
    expect(latest.description).toMatch(/^\*\*The latest, from “Bank holds rates”:\*\*\n\n> /);
  });

  it('shows each outcome as the CLI does: the same words, passages only for "answer" and "not sure"', () => {
    const texts = (over: Partial<AskResult>) => {
      const r = result([answer()], over);
      return { discord: renderAsk(r, 0, opts).embeds[0]!.description!, cli: renderAnswerText(r) };
    };
    const unsure = texts({ outcome: 'not sure', answered: false, reason: 'not_sure' });
    expect(unsure.cli.split('\n')[0]).toBe("I'm not sure these answer it. The passages that may:");
    expect(unsure.discord.split('\n')[0]!.replace(/\*\*/g, '')).toBe("I'm not sure these answer it. The passages that may:");
    expect(unsure.cli).toContain('Vienna');
    const none = texts({ outcome: 'not covered', answered: false, reason: 'not_covered' });
    expect(none.cli).toBe('The articles do not cover this.');
    expect(none.discord).toMatch(/^\*\*The articles do not cover this\.\*\*/);
    expect(none.discord).not.toContain('Vienna');
  });

  it('offers "More results" only when there are more', () => {
    expect(labels(renderAsk(result([answer()]), 0, opts))).toEqual(['Show ¶5']);
    expect(labels(renderAsk(result([answer(), answer({ paragraph: 2 })]), 0, opts))).toContain('More results (1)');
  });

  it('keeps every citation whole when quotes are huge, within all limits', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 0, maxLength: 9000 }), { minLength: 1, maxLength: 7 }), fc.string({ maxLength: 7000 }), fc.boolean(), (quotes, question, web) => {
        const r = result(quotes.map((q, i) => answer({ quote: q, articleTitle: 'T'.repeat(300), paragraph: i + 1, articleId: web ? 'web' : 'a' })), { question });
        const pages = [renderAsk(r, 0, opts), ...renderAskPages(r, articles)];
        for (const p of pages) {
          const e = p.embeds[0]!;
          expect(e.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
          expect(e.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
          for (const b of p.components.flatMap((row) => row.components)) {
            const { custom_id: id, url } = b as { custom_id?: string; url?: string };
            if (id !== undefined) expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
            if (url !== undefined) expect(url.length).toBeLessThanOrEqual(LIMITS.linkUrl);
            if (e.url !== undefined) expect(e.url.length).toBeLessThanOrEqual(LIMITS.linkUrl);
          }
        }
        const all = pages.slice(1).map((p) => p.embeds[0]!.description!).join('\n');
        for (let i = 1; i <= quotes.length; i++) expect(all).toMatch(new RegExp(`— \\[?¶${i}( · T{300})?`));
      }),
      { numRuns: 100 },
    );
  });
});

describe('fitEmbeds', () => {
  it('enforces field, count and 6000-character total limits', () => {
    expect(fitEmbeds([{ fields: Array.from({ length: 30 }, () => ({ name: 'n', value: 'v' })) }])[0]!.fields).toHaveLength(LIMITS.fields);
    const big = 'word '.repeat(3000);
    const out = fitEmbeds([
      { title: big, description: big, fields: Array.from({ length: 30 }, () => ({ name: big, value: big })) },
      { description: big },
    ]);
    for (const f of out[0]!.fields!) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(out[0]!.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    const total = out.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0), 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedsTotal);
    expect(out[0]!.fields!.length).toBeGreaterThan(0);
  });
});

describe('renderSourcesPages', () => {
  it('lists title, date (a Discord timestamp, never the date as written) and counts, escaped, the title linked to its page when it has one', () => {
    const a = article('x', '---\npublished: 2018-06-27\n---\n# *Big* news\n\nOne.\n\nTwo.');
    const b = article('y', '---\nsource: https://news.example/y\n---\nOther\n\nOne.');
    expect(renderSourcesPages([a, b])[0]!.embeds[0]!.description).toBe('• **\\*Big\\* news** (<t:1530057600:D>): 2 paragraphs\n• **[Other](https://news.example/y)**: 1 paragraph');
  });

  it('pages a long list, never cutting it silently', () => {
    const many = Array.from({ length: 40 }, (_, i) => article(`a${i}`, `Article ${i}\n\nBody.`));
    const pages = renderSourcesPages(many);
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.embeds[0]!.description!.split('\n').length)).toEqual([15, 15, 10]);
    expect(pages.every((p) => p.visibility === 'private')).toBe(true);
  });
});

describe('renderPassage', () => {
  it('links the paragraph to its page only when the source is a web address (Discord refuses other links)', () => {
    const page = article('a', '---\nsource: https://news.example/a\n---\nTitle\n\nFirst paragraph.');
    const print = article('b', '---\nsource: The Times, page 4\n---\nTitle\n\nFirst paragraph.');
    expect(renderPassage(page, { kind: 'paragraph', n: 1 }).embeds[0]!.url).toBe('https://news.example/a#:~:text=First%20paragraph.');
    expect(renderPassage(print, { kind: 'paragraph', n: 1 }).embeds[0]!.url).toBeUndefined();
  });
});

/** A feed as the state gives it, healthy, with `over` laid over it. */
const feedRecord = (id: number, over: Partial<FeedRecord> = {}): FeedRecord => ({
  id, owner: '1123456789012345678', url: `https://news.example/feeds/${id}.xml`, title: `Feed ${id}`, announceChannel: null, addedBy: null, addedAt: '2026-11-01T00:00:00Z',
  etag: null, lastModified: null, nextPollAt: '2026-11-28T10:15:00Z', lastOkAt: '2026-11-28T10:00:00Z', failures: 0, failingSince: null, lastError: null,
  pausedAt: null, pausedReason: null, skippedRun: 0, skipProblem: null, delivery: 'channel', fallbackChannel: null, forumTag: null,
  include: '', exclude: '', storeFiltered: false, deliveryProblem: null, ...over,
});

describe('renderFeedListPages', () => {
  it('shows every one of 34 feeds with long filters and problems, each whole, in pages within Discord\'s limits, never a silent cut', () => {
    const filter = Array.from({ length: 10 }, (_, i) => `"a long phrase number ${i} here"`).join(' ');
    const long = 'A feed title long enough to need most of the room of a field name '.repeat(4);
    const problem = encodeProblem({ code: PROBLEMS.rejected, discordCode: 40067, channel: '1134567890123456789' });
    const feeds = Array.from({ length: 34 }, (_, i) => feedRecord(i + 1, {
      include: filter, exclude: filter, ...(i % 5 === 0 ? { title: long } : {}), ...(i % 7 === 0 ? { deliveryProblem: problem } : {}),
      ...(i === 3 ? { url: `https://news.example/${'very-long-section/'.repeat(60)}rss.xml` } : {}),
    }));
    const pages = renderFeedListPages(feeds);
    expect(pages.length).toBeGreaterThan(3);
    const shown = new Map<string, string[]>();
    const onPage: number[] = [];
    for (const [n, p] of pages.entries()) {
      const embed = p.embeds[0]!;
      // As built: fitEmbeds had nothing to drop (a page's fields add up within 6,000 characters and 25 fields).
      expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedsTotal);
      expect(embed.fields!.length).toBeLessThanOrEqual(LIMITS.fields);
      expect(p.visibility).toBe('private');
      const firsts = embed.fields!.filter((f) => !f.name.endsWith(' (continued)'));
      expect(firsts.length).toBeLessThanOrEqual(FEED_LIST_PAGE);
      onPage.push(firsts.length);
      for (const f of embed.fields!) {
        expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        // A feed's second field follows its first, on the same page.
        if (f.name.endsWith(' (continued)')) shown.get([...shown.keys()].at(-1)!)!.push(f.value);
        else shown.set(`${n}:${shown.size}`, [f.value]);
      }
    }
    expect(shown.size).toBe(34);
    // The feeds with a problem need a second field: their lines pass a field's 1,024 characters.
    expect(pages.flatMap((p) => p.embeds[0]!.fields!).filter((f) => f.name.endsWith(' (continued)')).length).toBeGreaterThan(0);
    for (const values of shown.values()) {
      const text = values.join('\n');
      // Whole: both filters, and the health line last.
      expect(text).toContain(`only articles with: \`${filter.replaceAll('" "', '", "')}\``);
      expect(text).toContain('never: `"a long phrase number 0 here", ');
      expect(text).not.toContain('…');
      expect(text.split('\n').at(-1)).toMatch(/^✓ OK, last read <t:\d+:R>; next <t:\d+:R>$/);
    }
    expect([...shown.values()].filter((v) => v.join('\n').includes('⚠ Discord refused the last announcement in <#1134567890123456789>: the forum requires a tag'))).toHaveLength(5);
    expect(pages.map((p) => p.embeds[0]!.footer!.text)).toEqual(onPage.map((count, i) => {
      const before = onPage.slice(0, i).reduce((a, b) => a + b, 0);
      return `Feeds ${before + 1}-${before + count} of 34`;
    }));
  });

  it('is one page without a footer for a few feeds, and says how to add one for none', () => {
    expect(renderFeedListPages([feedRecord(1), feedRecord(2)]).map((p) => [p.embeds[0]!.title, p.embeds[0]!.footer])).toEqual([['Following 2 feeds', undefined]]);
    expect(renderFeedListPages([])[0]!.embeds[0]!.description).toBe('This server follows no feed yet. Add one with `/feed add url:`.');
  });
});

describe('renderFeedAdded', () => {
  it('says "it" of one article and "them" of more', () => {
    expect(renderFeedAdded(feedRecord(1), 1).embeds[0]!.description).toContain('Found 1 article; reading it now (it is not announced).');
    expect(renderFeedAdded(feedRecord(1), 3).embeds[0]!.description).toContain('Found 3 articles; reading them now (they are not announced).');
    expect(renderFeedAdded(feedRecord(1), 3, { items: 3, read: 1, skipped: 2, problem: { code: PROBLEMS.unreadable } }).embeds[0]!.description).toContain('1 of 3 articles read (it is not announced).');
  });
});

describe('feedChoiceName', () => {
  it('is the title alone, unless another feed has the same title: then the address tells them apart, within 100 characters', () => {
    const world = feedRecord(1, { title: 'BBC News', url: 'https://feeds.bbci.co.uk/news/world/rss.xml' });
    const uk = feedRecord(2, { title: 'BBC News', url: 'https://feeds.bbci.co.uk/news/uk/rss.xml' });
    const other = feedRecord(3, { title: 'Local News', pausedAt: '2026-11-28T10:00:00Z' });
    expect(feedChoiceName(other, [world, uk, other])).toBe('Local News (paused)');
    expect(feedChoiceName(world, [world, uk, other])).toBe('BBC News · feeds.bbci.co.uk/news/world/rss.xml');
    expect(feedChoiceName(uk, [world, uk, other])).toBe('BBC News · feeds.bbci.co.uk/news/uk/rss.xml');
    const deep = (path: string) => feedRecord(4, { title: 'A title that is rather long for a feed, as some publishers write them', url: `https://news.example/${'section/'.repeat(12)}${path}` });
    const [a, b] = [deep('alpha.xml'), deep('beta.xml')];
    const names = [feedChoiceName(a, [a, b]), feedChoiceName(b, [a, b])];
    expect(names.every((n) => n.length <= 100)).toBe(true);
    expect(names[0]).toMatch(/…[a-z/]*section\/alpha\.xml$/);
    expect(names[1]).toMatch(/…[a-z/]*section\/beta\.xml$/);
  });
});
