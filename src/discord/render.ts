import { escapeMarkdown, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { place, webAddress } from '../citation.js';
import type { Answer, AskResult } from '../engine.js';
import type { Article } from '../knowledge/types.js';
import type { ScheduleRecord, SendRecord } from '../state/digests.js';
import type { FeedTest } from '../feeds/reader.js';
import type { FeedRecord } from '../state/feeds.js';
import { cueLabel } from '../nlp/quotes.js';
import { OUTCOME_TEXTS, routeLead } from '../cli/render.js';
import { LIMITS } from './limits.js';

/** A message body as discord.js sends it: never pings anyone (`allowedMentions.parse` empty). */
export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
}

/** Embed colours. */
export const COLOURS = Object.freeze({ answer: 0x2f6f9f, unsure: 0xc9a227, noAnswer: 0x9a9a9a, error: 0xb3261e, info: 0x4f7f4f });

/** Results shown on one page of an /ask reply. */
export const RESULTS_PER_PAGE = 3;

/**
 * Shortens text to `max` characters, cutting at a word boundary and ending with an ellipsis.
 *
 * @example truncate('one two three', 9) // 'one two…'
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  // Cut at the last space unless that throws away most of the room (one very long word).
  const body = space > max * 0.6 ? cut.slice(0, space) : cut;
  // Never leave a dangling Markdown escape or half a surrogate pair at the cut.
  return `${body.replace(/\\+$/, '').replace(/[\uD800-\uDBFF]$/, '').trimEnd()}…`;
}

/**
 * A question as typed in Discord, without the mentions it may carry (`@everyone`, `<@123…>` for a
 * member, `<@&…>` a role, `<#…>` a channel): they are not words of the question, and their numbers
 * would be searched for.
 *
 * @example questionText('@everyone where is the summit <@1145678901234567890>') // 'where is the summit'
 */
export function questionText(text: string): string {
  return text.replace(/<(?:@[!&]?|#)\d+>|(?<![\w.])@(?:everyone|here)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

/** User or article text made inert: Markdown escaped, so it renders as written. */
export function escapeText(text: string): string {
  return escapeMarkdown(text.replace(/\r?\n+/g, ' '), { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}

/** Escaped text with the words that matched the question in bold. */
export function highlight(text: string, matched: readonly string[]): string {
  const escaped = escapeText(text);
  if (matched.length === 0) return escaped;
  const words = new Set(matched);
  return escaped.replace(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu, (word) => {
    const folded = word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/’/g, "'");
    return words.has(folded) ? `**${word}**` : word;
  });
}

/** The citation line: "¶5 · Donald Trump to hold summit with Vladimir Putin". */
export function citationLine(answer: Pick<Answer, 'articleTitle' | 'paragraph' | 'caption'>): string {
  return `${place(answer)} · ${escapeText(answer.articleTitle)}`;
}

/**
 * The one place that enforces embed limits: each field of each embed is cut to its limit, fields
 * beyond 25 are dropped, and descriptions are shortened until all embeds fit in 6000 characters.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, LIMITS.embedsPerMessage).map((e) => ({
    ...e,
    ...(e.title !== undefined ? { title: truncate(e.title, LIMITS.embedTitle) } : {}),
    ...(e.description !== undefined ? { description: truncate(e.description, LIMITS.embedDescription) } : {}),
    ...(e.footer ? { footer: { ...e.footer, text: truncate(e.footer.text, LIMITS.footer) } } : {}),
    ...(e.author ? { author: { ...e.author, name: truncate(e.author.name, LIMITS.author) } } : {}),
    ...(e.fields ? { fields: e.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) })) } : {}),
  }));
  // Over 6000 in all: shorten descriptions first, then drop fields from the last one back.
  let excess = out.reduce((n, e) => n + embedLength(e), 0) - LIMITS.embedsTotal;
  for (const e of out) {
    if (excess <= 0) break;
    if (!e.description) continue;
    const keep = Math.max(1, e.description.length - excess);
    excess -= e.description.length - keep;
    e.description = truncate(e.description, keep);
  }
  for (const e of [...out].reverse()) {
    while (excess > 0 && e.fields && e.fields.length > 0) {
      const dropped = e.fields.pop()!;
      excess -= dropped.name.length + dropped.value.length;
    }
  }
  return out;
}

/** Characters of an embed that count towards the 6,000 of a message. */
export function embedLength(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/** Custom ids of the /ask buttons; each fits Discord's 100 characters. */
export const ASK_BUTTONS = Object.freeze({
  /** `para:<p|c><n>:<articleId>`: show the whole paragraph or caption. */
  paragraph: 'para',
  /** `more:<session key>:<page>`: the next page of results. */
  more: 'more',
  /** `askart:<articleId>`: "Ask about this article", a modal whose question is asked of that article alone. */
  article: 'askart',
});

/** Builds the "Show ¶5" custom id, or null when the article id is too long to fit. */
export function paragraphButtonId(answer: Pick<Answer, 'articleId' | 'paragraph' | 'caption'>): string | null {
  const id = `${ASK_BUTTONS.paragraph}:${answer.paragraph !== null ? `p${answer.paragraph}` : `c${answer.caption}`}:${answer.articleId}`;
  return id.length <= LIMITS.customId ? id : null;
}

/**
 * The /ask reply, by the result's outcome: "answer" gives the quoted answer sentences with matched
 * words in bold, each with its citation, up to three per page, "Show ¶n" buttons and "More results";
 * a routed answer ("who is X", "what did X say", "what happened") opens with the line saying what it
 * is, as the CLI does (cli/render.ts {@link OUTCOME_TEXTS}). "not sure" says so and shows the
 * passages that may answer, labelled as such; "not covered" says that plainly and shows no passage.
 */
export function renderAsk(result: AskResult, page: number, moreKey: string | null): MessagePayload {
  const start = page * RESULTS_PER_PAGE;
  const shown = result.results.slice(start, start + RESULTS_PER_PAGE);
  const hasMore = result.results.length > start + RESULTS_PER_PAGE;
  const question = truncate(escapeText(result.question.trim()), 200);
  const empty = result.reason === 'empty_question';
  const notCovered = result.outcome === 'not covered' && !empty;
  const notes: string[] = [];
  if (result.corrections.length > 0) notes.push(`Searched for: ${result.corrections.map((c) => `${c.from} → ${c.to}`).join(', ')}`);
  if (shown.length > 0 && !notCovered && !empty) notes.push(`Results ${start + 1}-${start + shown.length}${hasMore ? '' : ` of ${start + shown.length}`}`);
  // A routed answer was read from the articles, not guessed: its footer says where from instead.
  if (result.route !== 'ranked') notes.push(ROUTE_NOTES[result.route]);
  else if (!empty) notes.push(`Confidence ${Math.round(result.confidence * 100)}%`);

  let description: string;
  if (empty) {
    description = 'Ask a question about the articles, for example `/ask question: where is the summit`.';
  } else if (notCovered) {
    description = `**${OUTCOME_TEXTS.notCovered}** Try other words, or see what they are about with \`/sources\`.`;
  } else if (shown.length === 0) {
    description = 'There are no more results.';
  } else {
    const budget = Math.floor((LIMITS.embedDescription - 400) / shown.length);
    const blocks = shown.map((a) => {
      const cite = `— ${citationLine(a)}`;
      // The quote is shortened to fit; the citation never is.
      return `> ${truncate(highlight(a.quote, a.matched), Math.max(50, budget - cite.length - 4))}\n${cite}`;
    });
    const routed = routeLead(result);
    const lead = result.outcome === 'not sure'
      ? `**${OUTCOME_TEXTS.notSure}** ${OUTCOME_TEXTS.notSureMore}\n\n`
      : routed ? `**${truncate(escapeText(routed), 300)}**\n\n` : '';
    description = lead + blocks.join('\n\n');
  }
  const embed: APIEmbed = {
    title: result.outcome === 'answer' || empty ? question : notCovered ? `Not covered: ${question}` : `Not sure: ${question}`,
    description,
    color: result.outcome === 'answer' ? COLOURS.answer : result.outcome === 'not sure' ? COLOURS.unsure : COLOURS.noAnswer,
    ...(notes.length > 0 ? { footer: { text: notes.join(' · ') } } : {}),
  };
  const buttons: APIButtonComponent[] = [];
  for (const a of notCovered ? [] : shown) {
    const id = paragraphButtonId(a);
    if (id) buttons.push({ type: 2, style: 2, label: `Show ${place(a)}`.slice(0, LIMITS.buttonLabel), custom_id: id });
  }
  if (hasMore && moreKey && !notCovered) buttons.push({ type: 2, style: 1, label: 'More results', custom_id: `${ASK_BUTTONS.more}:${moreKey}:${page + 1}`.slice(0, LIMITS.customId) });
  return {
    embeds: fitEmbeds([embed]),
    components: buttons.length > 0 ? [{ type: 1, components: buttons.slice(0, LIMITS.buttonsPerRow) }] : [],
    allowedMentions: { parse: [] },
  };
}

/** The footer of a routed /ask answer: where it was read from. */
const ROUTE_NOTES: Readonly<Record<Exclude<AskResult['route'], 'ranked'>, string>> = Object.freeze({
  facts: 'From the facts about them (/facts)',
  quotes: 'From their quotations (/quote)',
  latest: 'The lead of the newest article',
});

/** The whole cited paragraph or caption, for "Show paragraph". */
export function renderPassage(article: Article, kind: 'p' | 'c', n: number): MessagePayload {
  const passage = (kind === 'p' ? article.paragraphs : article.captions)[n - 1];
  if (!passage) return renderNotice('That paragraph is no longer in the knowledge base. Ask again to get fresh results.');
  const cite = kind === 'p' ? `¶${n}` : `photo caption ${n}`;
  return {
    embeds: fitEmbeds([{ title: `${cite} · ${escapeText(article.title)}`, description: escapeText(passage.text), color: COLOURS.info, ...linkTo(article) }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** The knowledge base for /sources: title, date and number of paragraphs of each article. */
export function renderSources(articles: readonly Article[]): MessagePayload {
  const lines = articles.map((a) => `• **${escapeText(a.title)}**${a.published ? ` (${escapeText(a.published)})` : ''}: ${a.paragraphs.length} paragraphs${a.captions.length ? `, ${a.captions.length} photo captions` : ''}`);
  const description = lines.length === 0 ? 'The knowledge base is empty.' : truncate(lines.join('\n'), LIMITS.embedDescription - 100);
  const shownCount = description.split('\n').length;
  return {
    embeds: fitEmbeds([{
      title: `Sources: ${articles.length} article${articles.length === 1 ? '' : 's'}`,
      description,
      color: COLOURS.info,
      ...(shownCount < articles.length ? { footer: { text: `Showing the first ${shownCount - 1} of ${articles.length}.` } } : {}),
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** A short notice (errors, cooldown, expired buttons). */
export function renderNotice(text: string, colour: number = COLOURS.noAnswer): MessagePayload {
  return { embeds: fitEmbeds([{ description: text, color: colour }]), components: [], allowedMentions: { parse: [] } };
}

/** Quotations shown in one /quote reply, by kind of relation. */
export const QUOTES_SHOWN = Object.freeze({ by: 6, rejected: 3, mentions: 4 });

type QuoteLike = { speaker: string | null; speakerRole: string | null; text: string; kind: 'direct' | 'reported'; cue: string | null; articleId: string; paragraph: number | null; caption: number | null; polarity: 'asserted' | 'rejected' };

/**
 * How a quotation was said, in a reader's words: the cue as a past tense ("said", "told", "according
 * to"), "reported speech" when the words are the writer's, and "rejected" when the speaker denied or
 * dismissed them ("rejected: dismissed").
 */
function howSaid(q: QuoteLike): string {
  const verb = q.cue ? cueLabel(q.cue) : null;
  if (q.polarity === 'rejected') return `rejected${verb ? `: ${verb}` : ''}${q.kind === 'reported' ? ', reported speech' : ''}`;
  return [verb, q.kind === 'reported' ? 'reported speech' : null].filter(Boolean).join(', ');
}

/** One quotation as an embed block: the words (quoted when direct), then who and where. */
function quoteBlock(q: QuoteLike, titleOf: (id: string) => string, budget: number): string {
  const who = q.speaker ? `${escapeText(q.speaker)}${q.speakerRole ? `, ${escapeText(q.speakerRole)}` : ''}` : 'Unattributed';
  const how = howSaid(q);
  const cite = `— ${q.polarity === 'rejected' ? 'rejected by ' : ''}${who}${how ? ` (${escapeText(how)})` : ''} · ${place(q)} · ${escapeText(titleOf(q.articleId))}`;
  const words = truncate(escapeText(q.text), Math.max(60, budget - cite.length - 6));
  return `> ${q.kind === 'direct' ? `“${words}”` : words}\n${cite}`;
}

/**
 * The /quote reply: what the person said (direct first, then reported), then what others said that
 * mentions them, each labelled and cited. Or quotations containing the words asked for.
 */
export function renderQuotes(result: { query: string; person: string | null; quotes: readonly (QuoteLike & { relation: 'by' | 'mentions' })[] }, titleOf: (id: string) => string): MessagePayload {
  // What the person rejected is listed apart from what they said: never as their claim.
  const by = result.quotes.filter((q) => q.relation === 'by' && q.polarity !== 'rejected');
  const rejected = result.quotes.filter((q) => q.relation === 'by' && q.polarity === 'rejected');
  const mentions = result.quotes.filter((q) => q.relation === 'mentions');
  const shownBy = by.slice(0, QUOTES_SHOWN.by);
  const shownRejected = rejected.slice(0, QUOTES_SHOWN.rejected);
  const shownMentions = mentions.slice(0, QUOTES_SHOWN.mentions);
  const budget = Math.floor((LIMITS.embedDescription - 300) / Math.max(1, shownBy.length + shownRejected.length + shownMentions.length));
  const subject = result.person ? escapeText(result.person) : `“${truncate(escapeText(result.query), 100)}”`;
  const parts: string[] = [];
  if (result.quotes.length === 0) {
    parts.push(result.person ? `The articles quote nothing by or about ${subject}.` : `No quotation in the articles matches ${subject}.`);
  }
  if (shownBy.length > 0) parts.push(`**Said${result.person ? ` by ${subject}` : ''}**`, ...shownBy.map((q) => quoteBlock(q, titleOf, budget)));
  if (shownRejected.length > 0) parts.push(`**Rejected${result.person ? ` by ${subject}` : ''}: what they denied or dismissed, not their words**`, ...shownRejected.map((q) => quoteBlock(q, titleOf, budget)));
  if (shownMentions.length > 0) parts.push(`**${result.person ? `Mentioned: what others said about ${subject}` : 'Quotations with these words'}**`, ...shownMentions.map((q) => quoteBlock(q, titleOf, budget)));
  const hidden = by.length - shownBy.length + rejected.length - shownRejected.length + mentions.length - shownMentions.length;
  return {
    embeds: fitEmbeds([{
      title: `Quotations: ${result.person ? subject : truncate(escapeText(result.query), 200)}`,
      description: parts.join('\n\n'),
      color: result.quotes.length > 0 ? COLOURS.answer : COLOURS.noAnswer,
      ...(hidden > 0 ? { footer: { text: `${hidden} more; narrow it with about:` } } : {}),
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

type EntityLike = { name: string; type: string; role: string | null; aliases: readonly string[]; mentions: readonly { paragraph: number | null; caption: number | null; articleId: string }[] };

/** The /facts card of one entity: role, the sentences that mention it, its quotations. */
export function renderFactCard(card: { entity: EntityLike; sentences: readonly { text: string; articleId: string; paragraph: number | null; caption: number | null }[]; quotes: readonly QuoteLike[] }, titleOf: (id: string) => string): MessagePayload {
  const e = card.entity;
  const fields = [
    ...(e.aliases.length > 0 ? [{ name: 'Also written', value: e.aliases.map(escapeText).join(', ') }] : []),
    {
      name: `Mentioned (${card.sentences.length})`,
      value: card.sentences.slice(0, 6).map((s) => `• ${truncate(escapeText(s.text), 150)} (${place(s)})`).join('\n') || 'Only in passing.',
    },
    ...(card.quotes.length > 0 ? [{ name: `Quotations (${card.quotes.length})`, value: card.quotes.slice(0, 5).map((q) => `• ${q.kind === 'direct' ? '“' : ''}${truncate(escapeText(q.text), 140)}${q.kind === 'direct' ? '”' : ''} (${[howSaid(q), place(q)].filter(Boolean).join(' · ')})`).join('\n') }] : []),
  ];
  const articles = [...new Set(e.mentions.map((m) => titleOf(m.articleId)))];
  return {
    embeds: fitEmbeds([{
      title: `${escapeText(e.name)} · ${e.type}`,
      description: `${e.role ? `**${escapeText(e.role)}**\n` : ''}Mentioned in ${e.mentions.length} passage${e.mentions.length === 1 ? '' : 's'} of ${articles.map(escapeText).join('; ')}.`,
      fields,
      color: COLOURS.info,
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** The /facts overview: the main people (with roles), places and organisations. */
export function renderFactsOverview(entities: readonly EntityLike[]): MessagePayload {
  const list = (type: string, n: number) => entities.filter((e) => e.type === type).slice(0, n)
    .map((e) => `• ${escapeText(e.name)}${e.role ? `, ${escapeText(e.role)}` : ''} (${e.mentions.length})`).join('\n');
  const fields = [
    { name: 'People', value: list('person', 10) },
    { name: 'Places', value: list('place', 10) },
    { name: 'Organisations', value: list('organisation', 8) },
  ].filter((f) => f.value !== '');
  return {
    embeds: fitEmbeds([{ title: 'Who and what the articles are about', description: fields.length ? 'Counts are passages that mention them. `/facts name:` gives one card.' : 'The articles name no people, places or organisations.', fields, color: COLOURS.info }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** The reply to /ingest: the article added (or already there), linked to its page, with how to ask about it. */
export function renderIngested(article: Article, stored: boolean): MessagePayload {
  const size = `${article.paragraphs.length} paragraph${article.paragraphs.length === 1 ? '' : 's'}${article.captions.length ? ` and ${article.captions.length} photo caption${article.captions.length === 1 ? '' : 's'}` : ''}`;
  const what = stored ? `Added to this server’s articles: ${size}.` : `This server already has this article (${size}).`;
  return {
    embeds: fitEmbeds([{
      title: escapeText(article.title),
      description: `${what}\nAsk about it with \`/ask\`, or only it with \`/ask article:\` ${escapeText(article.id)}.`,
      color: COLOURS.answer,
      ...linkTo(article),
      ...(article.published ? { footer: { text: `Published ${article.published}` } } : {}),
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** Texts of feed messages, in one place. */
export const FEED_TEXTS = Object.freeze({
  askButton: 'Ask about this article',
});

/**
 * A new article from a feed, posted in its announce channel: the title linked to the page, the first
 * sentence verbatim with ¶1, the feed's name, and a button to ask about this article alone.
 */
export function renderAnnouncement(article: Article, feedTitle: string | null): MessagePayload {
  const first = article.paragraphs[0];
  const sentence = first?.sentences[0]?.text ?? first?.text ?? '';
  const button: APIButtonComponent = { type: 2, style: 1, label: FEED_TEXTS.askButton, custom_id: `${ASK_BUTTONS.article}:${article.id}` };
  return {
    embeds: fitEmbeds([{
      title: escapeText(article.title),
      description: `> ${escapeText(sentence)}\n— ¶1 · ${escapeText(article.title)}`,
      color: COLOURS.answer,
      ...linkTo(article),
      footer: { text: [feedTitle ? `From ${feedTitle}` : null, article.published ? `published ${article.published}` : null].filter(Boolean).join(' · ') || 'From a followed feed' },
    }]),
    components: `${ASK_BUTTONS.article}:${article.id}`.length <= LIMITS.customId ? [{ type: 1, components: [button] }] : [],
    allowedMentions: { parse: [] },
  };
}

/** The notice posted in a feed's channel when Pilcrow stops polling it after days of failure. */
export function renderFeedPaused(feed: { title: string | null; url: string }, reason: string): MessagePayload {
  return {
    embeds: fitEmbeds([{
      title: `Feed paused: ${escapeText(feed.title ?? feed.url)}`,
      description: `Pilcrow stopped following this feed because it kept failing (${escapeText(reason)}).\nFix the address or the site, then start it again with \`/feed resume\`.\n${escapeText(feed.url)}`,
      color: COLOURS.error,
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** A time as Discord shows it, in each reader's own zone: R "3 hours ago", f "28 November 2026 08:00", F with the weekday. */
export function discordTime(at: Date | string, style: 'R' | 'f' | 'F' = 'R'): string {
  return `<t:${Math.floor(new Date(at).getTime() / 1000)}:${style}>`;
}

const when = (iso: string) => discordTime(iso, 'R');

/** An embed's link to the article's page, when it has one. */
export function linkTo(article: Pick<Article, 'source'>): { url?: string } {
  const url = webAddress(article);
  return url ? { url } : {};
}

/** A feed's health in a few words: OK, failing since when with the last error, or paused and why. */
export function feedHealth(feed: FeedRecord): string {
  if (feed.pausedAt) return `⏸ paused ${when(feed.pausedAt)}: ${escapeText(feed.pausedReason ?? 'no reason recorded')} (\`/feed resume\` starts it again)`;
  if (feed.failingSince) return `⚠ failing since ${when(feed.failingSince)} (${feed.failures} tries): ${escapeText(feed.lastError ?? '')}; next try ${when(feed.nextPollAt)}`;
  if (feed.lastOkAt && feed.skippedRun > 0) {
    const items = feed.skippedRun === 1 ? 'the last item' : `the last ${feed.skippedRun} items`;
    return `⚠ read ${when(feed.lastOkAt)}, but ${items} could not be stored: ${escapeText(feed.skipProblem ?? 'no reason recorded')}; next ${when(feed.nextPollAt)}`;
  }
  if (feed.lastOkAt) return `✓ OK, last read ${when(feed.lastOkAt)}; next ${when(feed.nextPollAt)}`;
  return '… not read yet';
}

/** The reply to `/feed add`: the feed followed, what it holds, where it announces. */
export function renderFeedAdded(feed: FeedRecord, found: number): MessagePayload {
  return {
    embeds: fitEmbeds([{
      title: `Following: ${escapeText(feed.title ?? feed.url)}`,
      description: [
        `Found ${found} article${found === 1 ? '' : 's'}${found > 0 ? '; reading them now (they are not announced). New ones are read within minutes of appearing.' : '. New ones are read within minutes of appearing.'}`,
        feed.announceChannel ? `New articles will be announced in <#${feed.announceChannel}>.` : 'New articles are not announced (add the feed with `announce:` to have them posted).',
        escapeText(feed.url),
      ].join('\n'),
      color: COLOURS.info,
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** `/feed list`: each feed with its announce channel and health. */
export function renderFeedList(feeds: readonly FeedRecord[]): MessagePayload {
  const fields = feeds.map((f) => ({
    name: truncate(`#${f.id} · ${f.title ?? f.url}`, LIMITS.fieldName),
    value: truncate([escapeText(f.url), f.announceChannel ? `announces in <#${f.announceChannel}>` : 'not announced', feedHealth(f)].join('\n'), LIMITS.fieldValue),
  }));
  return {
    embeds: fitEmbeds([{
      title: `Feeds followed: ${feeds.length}`,
      description: feeds.length === 0 ? 'This server follows no feed yet. Add one with `/feed add url:`.' : feeds.length > LIMITS.fields ? `Showing the first ${LIMITS.fields}.` : '',
      fields,
      color: COLOURS.info,
    }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** Items of a feed test shown in its reply (a field each; Discord allows 25). */
export const FEED_TEST_ITEMS = 10;

/**
 * `/feed test`: the feed read once, each of its newest items as it would be stored (its title, date,
 * whose text and how many paragraphs, the opening words) or why it would be skipped. Nothing is stored.
 */
export function renderFeedTest(t: FeedTest): MessagePayload {
  const shown = t.items.slice(0, FEED_TEST_ITEMS);
  const stored = t.items.filter((i) => i.parts !== null).length;
  const fields = shown.map((i) => {
    const title = i.parts?.title ?? i.entry.title ?? '(no title)';
    const date = i.parts?.published ?? i.entry.published?.toISOString() ?? null;
    const lines = i.parts
      ? [`${i.text === 'page' ? 'From its page' : 'From the feed’s own text'} · ${i.parts.paragraphs.length} paragraph${i.parts.paragraphs.length === 1 ? '' : 's'}${date ? ` · ${escapeText(date.slice(0, 16).replace('T', ' '))}` : ''}`, `> ${escapeText(truncate(i.parts.paragraphs[0]!, 200))}`]
      : [`⚠ Would be skipped: ${escapeText(i.skipped ?? 'no readable text')}`];
    if (i.entry.link) lines.push(escapeText(i.entry.link));
    return { name: truncate(title, LIMITS.fieldName), value: truncate(lines.join('\n'), LIMITS.fieldValue) };
  });
  const summary = t.items.length === 0
    ? 'The feed holds no items.'
    : `${stored} of ${t.items.length} item${t.items.length === 1 ? '' : 's'} would be stored.${t.items.length > shown.length ? ` The newest ${shown.length} are shown.` : ''} Nothing was stored: this was a test.`;
  return {
    embeds: fitEmbeds([{ title: `Feed test: ${escapeText(t.title ?? t.url)}`, description: `${escapeText(t.url)}\n${summary}`, fields, color: stored === t.items.length ? COLOURS.info : COLOURS.unsure }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** `/digest status`: each scheduled digest with its next run, its last digest, and why it is paused. */
export function renderDigestStatus(entries: readonly { schedule: ScheduleRecord; last: SendRecord | undefined }[]): MessagePayload {
  const fields = entries.map(({ schedule: s, last }) => ({
    name: truncate(`${s.time} ${s.timezone}, ${s.days}`, LIMITS.fieldName),
    value: truncate([
      `<#${s.channelId}>`,
      s.pausedAt ? `⏸ paused ${when(s.pausedAt)}: ${escapeText(s.pausedReason ?? '')} (schedule it again to resume)` : `next ${when(s.nextRunAt)}`,
      last ? `last digest ${when(last.finishedAt ?? last.startedAt)} (${last.messages} message${last.messages === 1 ? '' : 's'})` : 'no digest yet',
    ].join('\n'), LIMITS.fieldValue),
  }));
  return {
    embeds: fitEmbeds([{ title: `Scheduled digests: ${entries.length}`, description: entries.length === 0 ? 'None yet. `/digest schedule channel: time:` sets one.' : '', fields, color: COLOURS.info }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}
