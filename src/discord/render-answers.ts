import type { APIButtonComponent, APIEmbed } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import { placeKey, placeOf, passageAt, printPlace, sentenceLink, type Place, type PlacePair } from '../model/place.js';
import { OUTCOME_TEXTS, routeLead } from '../cli/render.js';
import { type AskResult, cueLabel, tokenize } from '../engine/index.js';
import type { Article } from '../model/article.js';
import { LIMITS } from './limits.js';
import { ASK_BUTTONS, COLOURS, discordTime, escapeText, fitEmbeds, plural, renderNotice, truncate, VISIBILITY, type MessagePayload } from './render.js';

/**
 * What the answer renderers need of the articles cited: the article by id, for the link to the
 * quoted sentence on its page (an article without a web address gets no link).
 */
export type ArticleLookup = (articleId: string) => Pick<Article, 'source'> | undefined;

/** How many results or items each page of a reply holds. */
export const PAGE_SIZES = Object.freeze({
  /** /ask: the first page is the one answer; further results this many to a page (1-5: one "Show ¶" button each). */
  askResults: 3,
  /** /quote: quotations per page. */
  quotes: 5,
  /** /facts card: cited sentences and quotations per page (each list its own field, under 1024 characters). */
  factSentences: 6,
  factQuotes: 5,
  /** /facts overview: names of each kind per page. */
  factNames: 10,
  /** /sources: articles per page. */
  sources: 15,
});

/** Texts of the answer replies, in one place. */
export const ANSWER_TEXTS = Object.freeze({
  emptyQuestion: 'Ask a question about the articles, for example `/ask question: where is the summit`.',
  /** For a greeting, thanks and the like (reason `not_a_question`): how to ask, not "not covered". */
  notAQuestion: 'Ask me a question about the news in the articles, for example `/ask question: where is the summit`.',
  openArticle: 'Open article',
  share: 'Share',
  more: (n: number) => `More results (${n})`,
  moreQuotes: (n: number) => `${n} more`,
  sharedBy: (name: string) => `Shared by ${name}`,
  searchedIn: (title: string) => `Searched only “${truncate(title, 120)}”`,
  expired: 'These results have expired. Ask again to get fresh ones.',
  goneArticle: 'That article is no longer in the knowledge base. Ask again to get fresh results.',
  gonePassage: 'That paragraph is no longer in the knowledge base. Ask again to get fresh results.',
});

/**
 * The words of a question that may be bold in its answer: the index terms (stems) of the words the
 * member typed and of the forms their typos were corrected to. Words that matched only by meaning
 * (WordNet, word vectors: "control" for "power") are not the question's words and are not bolded.
 *
 * @example questionTerms({ question: 'wher is the sumit', corrections: [{ from: 'sumit', to: 'summit' }] }) // Set { 'wher', 'sumit', 'summit' }
 */
export function questionTerms(result: Pick<AskResult, 'question' | 'corrections'>): ReadonlySet<string> {
  const terms = new Set<string>();
  for (const text of [result.question, ...result.corrections.map((c) => c.to)]) {
    for (const t of tokenize(text)) if (t.term) terms.add(t.term);
  }
  return terms;
}

/**
 * Escaped text with the question's own words in bold: each word of `text` whose index term is one of
 * `terms` (see {@link questionTerms}), so "summits" is bold for "summit" but a word the engine matched
 * only by meaning is not.
 *
 * @example highlight('The *summit* in Helsinki', new Set(['summit', 'helsinki'])) // 'The \\***summit**\\* in **Helsinki**'
 */
export function highlight(text: string, terms: ReadonlySet<string>): string {
  const flat = text.replace(/\r?\n+/g, ' ');
  if (terms.size === 0) return escapeText(flat);
  let out = '';
  let at = 0;
  for (const t of tokenize(flat)) {
    if (!t.term || !terms.has(t.term)) continue;
    out += `${escapeText(flat.slice(at, t.start))}**${escapeText(flat.slice(t.start, t.end))}**`;
    at = t.end;
  }
  return out + escapeText(flat.slice(at));
}

/** A link address made safe inside Markdown's `[text](address)`: brackets and spaces percent-encoded. */
function markdownAddress(link: string): string {
  return link.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Text as a Markdown link to `link`, or the text alone when there is no link. */
export function linked(text: string, link: string | null): string {
  return link ? `[${text.replace(/[[\]]/g, (c) => `\\${c}`)}](${markdownAddress(link)})` : text;
}

/**
 * The link to a cited sentence on its article's page, or null (no web address, or the article is
 * gone), within a link button's 512 characters: also keeps a Markdown link short in an embed.
 */
function linkOf(articles: ArticleLookup, articleId: string, sentence: string): string | null {
  const article = articles(articleId);
  return article ? sentenceLink(article, sentence, LIMITS.linkUrl) : null;
}

/**
 * The citation line of a result: "¶5 · Title", linked to the quoted sentence on the article's page
 * when it has one. `withTitle` false gives "¶5" alone (the title said once above it).
 */
export function citationLine(cited: PlacePair & { articleId: string; articleTitle: string }, sentence: string, articles: ArticleLookup, withTitle = true): string {
  const text = withTitle ? `${printPlace(cited)} · ${escapeText(cited.articleTitle)}` : printPlace(cited);
  return linked(text, linkOf(articles, cited.articleId, sentence));
}

/** The "Show ¶5" custom id (`para:p5:<article id>`), or null when the article id is too long to fit. */
export function paragraphButtonId(cited: PlacePair & { articleId: string }): string | null {
  const id = `${ASK_BUTTONS.paragraph}:${placeKey(placeOf(cited))}:${cited.articleId}`;
  return id.length <= LIMITS.customId ? id : null;
}

const button = (label: string, customId: string, style: ButtonStyle = ButtonStyle.Secondary): APIButtonComponent =>
  ({ type: ComponentType.Button, style, label: truncate(label, LIMITS.buttonLabel), custom_id: customId.slice(0, LIMITS.customId) }) as APIButtonComponent;
const linkButton = (label: string, url: string): APIButtonComponent => ({ type: ComponentType.Button, style: ButtonStyle.Link, label, url });
/** Buttons as action rows of at most five. */
function rows(buttons: readonly APIButtonComponent[]): MessagePayload['components'] {
  const out: MessagePayload['components'] = [];
  for (let i = 0; i < buttons.length && out.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) out.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  return out;
}

/** The footer of a routed /ask answer: where it was read from. */
const ROUTE_NOTES: Readonly<Record<Exclude<AskResult['route'], 'ranked'>, string>> = Object.freeze({
  facts: 'From the facts about them (/facts)',
  quotes: 'From their quotations (/quote)',
  latest: 'The lead of the newest article',
});

/** Pages of an /ask reply: the answer alone, then the further results {@link PAGE_SIZES.askResults} to a page. */
export function askPageCount(result: AskResult): number {
  if (result.outcome === 'not covered' || result.reason === 'empty_question' || result.reason === 'not_a_question' || result.results.length <= 1) return 1;
  return 1 + Math.ceil((result.results.length - 1) / PAGE_SIZES.askResults);
}

/** How a rendered /ask page is shown. */
export interface AskPageOptions {
  /** The session key of the reply's "More results" and "Share" buttons; null: no such buttons (a page inside the paginator, or no session). */
  readonly key: string | null;
  readonly articles: ArticleLookup;
  /** Who shared a "not sure" reply publicly ({@link ANSWER_TEXTS.sharedBy}). */
  readonly sharedBy?: string;
  /** The title of the one article searched (`/ask article:`, "Ask about this article"), said in the footer. */
  readonly searchedIn?: string;
}

/**
 * One page of the /ask reply, by the result's outcome. Page 0 is the one clear answer: the answer
 * sentence first, the question's own words in bold, its citation "¶5 · Title" once, linked to the
 * sentence on the article's page (a text fragment) when the article has a web address, with "Show
 * ¶5", "Open article" and "More results (n)" buttons; a routed answer ("who is X") opens with the
 * line saying what it is, as the CLI does. "not sure" says so above the passage that may answer,
 * is private, and has a "Share" button that posts it. "not covered" says so plainly, shows no
 * passage and is private. Pages 1… (inside the paginator) hold the further results, each cited, the
 * title said only where it changes.
 */
export function renderAsk(result: AskResult, page: number, options: AskPageOptions): MessagePayload {
  const { articles } = options;
  const question = truncate(escapeText(result.question.trim()), 200);
  const count = askPageCount(result);
  if (result.reason === 'empty_question') return renderNotice(ANSWER_TEXTS.emptyQuestion);
  if (result.reason === 'not_a_question') return renderNotice(ANSWER_TEXTS.notAQuestion);
  if (result.outcome === 'not covered' || result.results.length === 0) {
    const notes = result.corrections.length > 0 ? [`Searched for: ${result.corrections.map((c) => `${c.from} → ${c.to}`).join(', ')}`] : [];
    if (options.searchedIn) notes.unshift(ANSWER_TEXTS.searchedIn(options.searchedIn));
    return {
      embeds: fitEmbeds([{
        title: `Not covered: ${question}`,
        description: `**${OUTCOME_TEXTS.notCovered}** Try other words, or see what they are about with \`/sources\`.`,
        color: COLOURS.noAnswer,
        ...(notes.length > 0 ? { footer: { text: notes.join(' · ') } } : {}),
      }]),
      components: [],
      allowedMentions: { parse: [] },
      visibility: VISIBILITY.notCovered,
    };
  }
  const terms = questionTerms(result);
  const unsure = result.outcome === 'not sure';
  const shown = page === 0 ? result.results.slice(0, 1) : result.results.slice(1 + (page - 1) * PAGE_SIZES.askResults, 1 + page * PAGE_SIZES.askResults);
  const first = page === 0 ? 1 : 2 + (page - 1) * PAGE_SIZES.askResults;
  const notes: string[] = options.searchedIn ? [ANSWER_TEXTS.searchedIn(options.searchedIn)] : [];
  if (result.corrections.length > 0) notes.push(`Searched for: ${result.corrections.map((c) => `${c.from} → ${c.to}`).join(', ')}`);
  if (page > 0 || result.results.length > 1) notes.push(shown.length > 1 ? `Results ${first}-${first + shown.length - 1} of ${result.results.length}` : `Result ${first} of ${result.results.length}`);
  // A routed answer was read from the articles, not guessed: its footer says where from instead.
  if (result.route !== 'ranked') notes.push(ROUTE_NOTES[result.route]);
  else notes.push(`Confidence ${Math.round(result.confidence * 100)}%`);
  if (options.sharedBy) notes.push(ANSWER_TEXTS.sharedBy(options.sharedBy));

  let description: string;
  if (shown.length === 0) {
    description = 'There are no more results.';
  } else {
    const budget = Math.floor((LIMITS.embedDescription - 400) / shown.length);
    const blocks = shown.map((a, i) => {
      // The title is said once: again only where the article changes.
      const cite = `— ${citationLine(a, a.quote, articles, i === 0 || shown[i - 1]!.articleId !== a.articleId)}`;
      // The quote is shortened to fit; the citation never is.
      return `> ${truncate(highlight(a.quote, terms), Math.max(50, budget - cite.length - 4))}\n${cite}`;
    });
    const routed = routeLead(result);
    const lead = page > 0 ? '' : unsure
      ? `**${OUTCOME_TEXTS.notSure}** ${OUTCOME_TEXTS.notSureMore}\n\n`
      : routed ? `**${truncate(escapeText(routed), 300)}**\n\n` : '';
    description = lead + blocks.join('\n\n');
  }
  const top = page === 0 ? shown[0] : undefined;
  const topLink = top ? linkOf(articles, top.articleId, top.quote) : null;
  const embed: APIEmbed = {
    title: unsure ? `Not sure: ${question}` : question,
    ...(topLink ? { url: topLink } : {}),
    description,
    color: unsure ? COLOURS.unsure : COLOURS.answer,
    footer: { text: notes.join(' · ') },
  };
  const buttons: APIButtonComponent[] = [];
  for (const a of shown) {
    const id = paragraphButtonId(a);
    if (id) buttons.push(button(`Show ${printPlace(a)}`, id));
  }
  if (topLink) buttons.push(linkButton(ANSWER_TEXTS.openArticle, topLink));
  if (page === 0 && options.key !== null && count > 1) buttons.push(button(ANSWER_TEXTS.more(result.results.length - 1), `${ASK_BUTTONS.more}:${options.key}`, ButtonStyle.Primary));
  if (page === 0 && options.key !== null && unsure && !options.sharedBy) buttons.push(button(ANSWER_TEXTS.share, `${ASK_BUTTONS.share}:${options.key}`, ButtonStyle.Success));
  return {
    embeds: fitEmbeds([embed]),
    components: rows(buttons),
    allowedMentions: { parse: [] },
    visibility: unsure && !options.sharedBy ? VISIBILITY.notSure : page === 0 ? VISIBILITY.answer : VISIBILITY.listing,
  };
}

/** Every page of an /ask result as the paginator shows them (no "More" or "Share": it is the paginator). */
export function renderAskPages(result: AskResult, articles: ArticleLookup, searchedIn?: string): MessagePayload[] {
  return Array.from({ length: askPageCount(result) }, (_, page) => ({ ...renderAsk(result, page, { key: null, articles, ...(searchedIn ? { searchedIn } : {}) }), visibility: VISIBILITY.listing }));
}

/** The whole cited paragraph or caption, for "Show ¶5", linked to it on the article's page. */
export function renderPassage(article: Article, place: Place): MessagePayload {
  const passage = passageAt(article, place);
  if (!passage) return renderNotice(ANSWER_TEXTS.gonePassage);
  const link = sentenceLink(article, passage.text, LIMITS.linkUrl);
  return {
    embeds: fitEmbeds([{ title: `${printPlace(place)} · ${escapeText(article.title)}`, description: escapeText(passage.text), color: COLOURS.info, ...(link ? { url: link } : {}) }]),
    components: [],
    allowedMentions: { parse: [] },
    visibility: VISIBILITY.listing,
  };
}

/** " (<t:…:D>)" for a publication date Discord shows in each reader's own zone and language; nothing for none or one that is not a date. */
function publishedDate(published: string | undefined): string {
  const at = published ? Date.parse(published) : Number.NaN;
  return Number.isNaN(at) ? '' : ` (${discordTime(new Date(at), 'D')})`;
}

/** Articles of /sources: title (linked to its page), date and size, {@link PAGE_SIZES.sources} to a page. */
export function renderSourcesPages(list: readonly Article[]): MessagePayload[] {
  const lines = list.map((a) => `• **${linked(escapeText(a.title), sentenceLink(a, '', LIMITS.linkUrl))}**${publishedDate(a.published)}: ${plural(a.paragraphs.length, 'paragraph')}${a.captions.length ? `, ${plural(a.captions.length, 'photo caption')}` : ''}`);
  const pages = chunk(lines, PAGE_SIZES.sources);
  return pages.map((page) => ({
    embeds: fitEmbeds([{
      title: `Sources: ${plural(list.length, 'article')}`,
      description: page.length === 0 ? 'The knowledge base is empty.' : page.join('\n'),
      color: COLOURS.info,
    }]),
    components: [],
    allowedMentions: { parse: [] },
    visibility: VISIBILITY.listing,
  }));
}

/** `items` in pages of `size`; one empty page for no items. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length > 0 ? pages : [[]];
}

type QuoteLike = PlacePair & { speaker: string | null; speakerRole: string | null; text: string; kind: 'direct' | 'reported'; cue: string | null; articleId: string; polarity: 'asserted' | 'rejected' };

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

/** One quotation as an embed block: the words (quoted when direct), then who and where, linked to the words on the page. */
function quoteBlock(q: QuoteLike, titleOf: (id: string) => string, articles: ArticleLookup, budget: number): string {
  const who = q.speaker ? `${escapeText(q.speaker)}${q.speakerRole ? `, ${escapeText(q.speakerRole)}` : ''}` : 'Unattributed';
  const how = howSaid(q);
  const where = linked(`${printPlace(q)} · ${escapeText(titleOf(q.articleId))}`, linkOf(articles, q.articleId, q.text));
  const cite = `— ${q.polarity === 'rejected' ? 'rejected by ' : ''}${who}${how ? ` (${escapeText(how)})` : ''} · ${where}`;
  const words = truncate(escapeText(q.text), Math.max(60, budget - cite.length - 6));
  return `> ${q.kind === 'direct' ? `“${words}”` : words}\n${cite}`;
}

type QuoteResultLike = { query: string; person: string | null; quotes: readonly (QuoteLike & { relation: 'by' | 'mentions' })[] };

/**
 * The pages of a /quote reply: what the person said (direct first, then reported), what they
 * rejected (apart: never as their claim), then what others said that mentions them, each labelled
 * and cited, {@link PAGE_SIZES.quotes} to a page, the heading repeated where a page goes on with it.
 * Or quotations containing the words asked for. Page 0 is public (`key` set: with an "N more" button
 * when there are more pages); the rest are shown in the paginator.
 */
export function renderQuotePages(result: QuoteResultLike, titleOf: (id: string) => string, articles: ArticleLookup, key: string | null): MessagePayload[] {
  const subject = result.person ? escapeText(result.person) : `“${truncate(escapeText(result.query), 100)}”`;
  const headings = {
    by: `**Said${result.person ? ` by ${subject}` : ''}**`,
    rejected: `**Rejected${result.person ? ` by ${subject}` : ''}: what they denied or dismissed, not their words**`,
    mentions: `**${result.person ? `Mentioned: what others said about ${subject}` : 'Quotations with these words'}**`,
  };
  const sectionOf = (q: QuoteResultLike['quotes'][number]) => (q.relation === 'mentions' ? 'mentions' : q.polarity === 'rejected' ? 'rejected' : 'by');
  const ordered = (['by', 'rejected', 'mentions'] as const).flatMap((s) => result.quotes.filter((q) => sectionOf(q) === s));
  const pages = chunk(ordered, PAGE_SIZES.quotes);
  const title = `Quotations: ${result.person ? subject : truncate(escapeText(result.query), 200)}`;
  return pages.map((items, page) => {
    const budget = Math.floor((LIMITS.embedDescription - 400) / Math.max(1, items.length));
    const parts: string[] = [];
    if (result.quotes.length === 0) parts.push(result.person ? `The articles quote nothing by or about ${subject}.` : `No quotation in the articles matches ${subject}.`);
    items.forEach((q, i) => {
      if (i === 0 || sectionOf(items[i - 1]!) !== sectionOf(q)) parts.push(headings[sectionOf(q)]);
      parts.push(quoteBlock(q, titleOf, articles, budget));
    });
    const later = ordered.length - (page * PAGE_SIZES.quotes + items.length);
    const more = page === 0 && key !== null && later > 0;
    return {
      embeds: fitEmbeds([{
        title,
        description: parts.join('\n\n'),
        color: result.quotes.length > 0 ? COLOURS.answer : COLOURS.noAnswer,
        ...(pages.length > 1 ? { footer: { text: `Quotations ${page * PAGE_SIZES.quotes + 1}-${page * PAGE_SIZES.quotes + items.length} of ${ordered.length}` } } : {}),
      }]),
      components: more ? rows([button(ANSWER_TEXTS.moreQuotes(later), `${ASK_BUTTONS.more}:${key}`, ButtonStyle.Primary)]) : [],
      allowedMentions: { parse: [] },
      visibility: result.quotes.length === 0 ? VISIBILITY.empty : page === 0 && key !== null ? VISIBILITY.answer : VISIBILITY.listing,
    };
  });
}

type EntityLike = { name: string; type: string; role: string | null; aliases: readonly string[]; mentions: readonly (PlacePair & { articleId: string })[] };
type FactCardLike = { entity: EntityLike; sentences: readonly (PlacePair & { text: string; articleId: string })[]; quotes: readonly QuoteLike[] };

/**
 * The pages of a /facts card: role, the sentences that mention the entity and its quotations, each
 * with its place linked to the sentence on the article's page, {@link PAGE_SIZES.factSentences}
 * sentences and {@link PAGE_SIZES.factQuotes} quotations to a page. Private, paged in place.
 */
export function renderFactCardPages(card: FactCardLike, titleOf: (id: string) => string, articles: ArticleLookup): MessagePayload[] {
  const e = card.entity;
  const where = (x: PlacePair & { articleId: string; text: string }) => linked(printPlace(x), linkOf(articles, x.articleId, x.text));
  const sentencePages = chunk(card.sentences, PAGE_SIZES.factSentences);
  const quotePages = chunk(card.quotes, PAGE_SIZES.factQuotes);
  const count = Math.max(sentencePages.length, quotePages.length);
  const titles = [...new Set(e.mentions.map((m) => titleOf(m.articleId)))];
  return Array.from({ length: count }, (_, page) => {
    const sentences = sentencePages[page] ?? [];
    const quotes = quotePages[page] ?? [];
    const fields = [
      ...(page === 0 && e.aliases.length > 0 ? [{ name: 'Also written', value: e.aliases.map(escapeText).join(', ') }] : []),
      ...(sentences.length > 0 || page === 0 ? [{
        name: `Mentioned (${card.sentences.length})`,
        value: sentences.map((s) => `• ${truncate(escapeText(s.text), 150)} (${where(s)})`).join('\n') || 'Only in passing.',
      }] : []),
      ...(quotes.length > 0 ? [{ name: `Quotations (${card.quotes.length})`, value: quotes.map((q) => `• ${q.kind === 'direct' ? '“' : ''}${truncate(escapeText(q.text), 140)}${q.kind === 'direct' ? '”' : ''} (${[escapeText(howSaid(q)), where(q)].filter(Boolean).join(' · ')})`).join('\n') }] : []),
    ];
    return {
      embeds: fitEmbeds([{
        title: `${escapeText(e.name)} · ${e.type}`,
        description: `${e.role ? `**${escapeText(e.role)}**\n` : ''}Mentioned in ${e.mentions.length} passage${e.mentions.length === 1 ? '' : 's'} of ${titles.map(escapeText).join('; ')}.`,
        fields,
        color: COLOURS.info,
      }]),
      components: [],
      allowedMentions: { parse: [] },
      visibility: VISIBILITY.listing,
    };
  });
}

/**
 * The pages of the /facts overview: the people (with roles), places and organisations most
 * mentioned first, {@link PAGE_SIZES.factNames} of each kind to a page. Private, paged in place.
 */
export function renderFactsOverviewPages(entities: readonly EntityLike[]): MessagePayload[] {
  const kinds = [['People', 'person'], ['Places', 'place'], ['Organisations', 'organisation']] as const;
  const lists = kinds.map(([name, type]) => ({ name, pages: chunk(entities.filter((e) => e.type === type), PAGE_SIZES.factNames) }));
  const count = Math.max(...lists.map((l) => l.pages.length));
  return Array.from({ length: count }, (_, page) => {
    const fields = lists
      .map((l) => ({ name: l.name, value: (l.pages[page] ?? []).map((e) => `• ${escapeText(e.name)}${e.role ? `, ${escapeText(e.role)}` : ''} (${e.mentions.length})`).join('\n') }))
      .filter((f) => f.value !== '');
    return {
      embeds: fitEmbeds([{ title: 'Who and what the articles are about', description: entities.length > 0 ? 'Counts are passages that mention them. `/facts name:` gives one card.' : 'The articles name no people, places or organisations.', fields, color: COLOURS.info }]),
      components: [],
      allowedMentions: { parse: [] },
      visibility: VISIBILITY.listing,
    };
  });
}
