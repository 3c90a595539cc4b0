import { problemLine } from './problems.js';
import { type AskResult, cueLabel, type Digest, type Entity, type ExtractedArticle, type FactCard, type FeedTest, type Quote, type QuoteResult } from '../engine/index.js';
import { citation, printPlace } from '../model/place.js';
import type { Article } from '../model/article.js';


/**
 * The words every front end (the CLI, the console, Discord) opens a result with, by outcome and
 * route: a routed answer says what it is ("Ayşe Yıldırım, Turkish energy minister:"), a "not sure"
 * says the passages only may answer, a "not covered" says so and shows no passage.
 */
export const OUTCOME_TEXTS = Object.freeze({
  notSure: 'I\'m not sure these answer it.',
  notSureMore: 'The passages that may:',
  notCovered: 'The articles do not cover this.',
  empty: 'Ask a question about the articles, e.g. "where is the summit".',
  /** For a greeting, thanks and the like (reason `not_a_question`): how to ask instead of "not covered". */
  notAQuestion: 'Ask me a question about the news in the articles, e.g. "where is the summit".',
  facts: (name: string, role: string | null) => `${name}${role ? `, ${role}` : ''}:`,
  quotes: (name: string) => `What ${name} said:`,
  latest: (title: string) => `The latest, from “${title}”:`,
});

/** Quotation marks a text may open with, and close with, in the languages of the news. */
const OPENING_MARK = /^[“"‘'«»„‚‹›「『]/u;
const CLOSING_MARK = /[”"’'»«“‘›‹」』]$/u;

/**
 * Verbatim words in quotation marks for the terminal: “words”. Words that already open or close with
 * a quotation mark of their own (an answer that is itself a quotation: “The president determined …,”
 * he said.) are shown as they are: another mark beside theirs would read as a typo (““The …).
 *
 * @example quoted('Vienna and Helsinki') // '“Vienna and Helsinki”'
 * @example quoted('“We will win,” he said.') // '“We will win,” he said.'
 */
export function quoted(words: string): string {
  const text = words.trim();
  return OPENING_MARK.test(text) || CLOSING_MARK.test(text) ? words : `“${words}”`;
}

/** The line a routed answer opens with (see {@link OUTCOME_TEXTS}), or null for a ranked one. */
export function routeLead(result: Pick<AskResult, 'route' | 'subject'>): string | null {
  const s = result.subject;
  if (!s) return null;
  switch (result.route) {
    case 'facts': return OUTCOME_TEXTS.facts(s.name, s.role);
    case 'quotes': return OUTCOME_TEXTS.quotes(s.name);
    case 'latest': return OUTCOME_TEXTS.latest(s.name);
    default: return null;
  }
}

/**
 * Plain-text rendering of an answer for the terminal (`pilcrow ask` and the console), by its
 * outcome: the quotes with their citations ("answer"; a routed one under the line saying what it
 * is), the same under "I'm not sure…" ("not sure"), or only "The articles do not cover this."
 */
export function renderAnswerText(result: AskResult): string {
  const lines: string[] = [];
  if (result.corrections.length > 0) {
    lines.push(`(searched for: ${result.corrections.map((c) => `${c.from} → ${c.to}`).join(', ')})`);
  }
  if (result.reason === 'empty_question') return OUTCOME_TEXTS.empty;
  if (result.reason === 'not_a_question') return OUTCOME_TEXTS.notAQuestion;
  if (result.outcome === 'not covered' || result.results.length === 0) {
    lines.push(OUTCOME_TEXTS.notCovered);
    return lines.join('\n');
  }
  const lead = result.outcome === 'not sure' ? `${OUTCOME_TEXTS.notSure} ${OUTCOME_TEXTS.notSureMore}` : routeLead(result);
  if (lead) lines.push(lead);
  result.results.forEach((r, i) => {
    lines.push(`${i + 1}. ${quoted(r.quote)}`, `   — ${citation(r)}`);
  });
  return lines.join('\n');
}

/** Every article with its numbered paragraphs and captions, as citations number them. */
export function renderParagraphsText(articles: readonly Article[]): string {
  return articles
    .map((a) => [
      `# ${a.title}  [${a.id}]`,
      ...a.paragraphs.map((p) => `${printPlace(p)} ${p.text}`),
      ...a.captions.map((c) => `${printPlace(c)}: ${c.text}`),
    ].join('\n'))
    .join('\n\n');
}

/**
 * One quotation as a line: speaker, how it was said (the cue as a reader reads it: "said", "according
 * to"; "rejected" when the speaker denied or dismissed the words; "reported speech" when the words are
 * the writer's), the words, and the citation.
 */
export function quoteLine(q: Quote, titleOf: (id: string) => string): string {
  const who = q.speaker ? `${q.speaker}${q.speakerRole ? ` (${q.speakerRole})` : ''}` : 'Unattributed';
  const words = q.kind === 'direct' ? quoted(q.text) : q.text;
  const verb = q.cue ? cueLabel(q.cue) : null;
  const how = [q.polarity === 'rejected' ? `rejected${verb ? ` (${verb})` : ''}` : verb, q.kind === 'reported' ? '[reported speech]' : null].filter(Boolean).join(' ');
  // "According to X [reported speech]: …" reads as English; "X according to: …" would not.
  if (verb === 'according to' && q.polarity === 'asserted') return `According to ${who}${q.kind === 'reported' ? ' [reported speech]' : ''}: ${words}\n   — ${titleOf(q.articleId)} ${printPlace(q)}`;
  return `${who}${how ? ` ${how}` : ''}: ${words}\n   — ${titleOf(q.articleId)} ${printPlace(q)}`;
}

/** `pilcrow quote`: said by, then mentioning. */
export function renderQuoteText(r: QuoteResult, titleOf: (id: string) => string): string {
  if (r.quotes.length === 0) return r.person ? `No quotations by or about ${r.person} in the articles.` : `No quotations match "${r.query}".`;
  // What the person rejected is listed apart from what they said: never as their claim.
  const by = r.quotes.filter((q) => q.relation === 'by' && q.polarity !== 'rejected');
  const rejected = r.quotes.filter((q) => q.relation === 'by' && q.polarity === 'rejected');
  const about = r.quotes.filter((q) => q.relation === 'mentions');
  const lines: string[] = [];
  if (by.length) lines.push(r.person ? `Said by ${r.person}:` : 'Said:', ...by.map((q, i) => `${i + 1}. ${quoteLine(q, titleOf)}`));
  if (rejected.length) lines.push(`${r.person ? `Rejected by ${r.person}` : 'Rejected'} (what they denied or dismissed, not their words):`, ...rejected.map((q, i) => `${i + 1}. ${quoteLine(q, titleOf)}`));
  if (about.length) lines.push(r.person ? `Mentioning ${r.person}:` : `Mentioning "${r.query}":`, ...about.map((q, i) => `${i + 1}. ${quoteLine(q, titleOf)}`));
  return lines.join('\n');
}

/** `pilcrow facts`: every entity with its type, role and where it is mentioned. */
export function renderFactsText(entities: readonly Entity[], titleOf: (id: string) => string): string {
  return entities.map((e) => `${e.name} [${e.type}]${e.role ? `, ${e.role}` : ''}${e.aliases.length ? ` (also ${e.aliases.join(', ')})` : ''}: ${mentionsText(e.mentions, titleOf)}`).join('\n');
}

/** Articles whose ¶ an entity's line of `pilcrow facts` lists; the others are counted. */
const FACTS_ARTICLES = 3;

/**
 * Where an entity is mentioned, each ¶ under its article's title (a ¶ number alone cannot be checked
 * once there are many articles): "Title ¶1 ¶3; Other title ¶2", the first {@link FACTS_ARTICLES}
 * articles in the order of the mentions, then how many more.
 */
function mentionsText(mentions: Entity['mentions'], titleOf: (id: string) => string): string {
  const byArticle = new Map<string, string[]>();
  for (const m of mentions) {
    const places = byArticle.get(m.articleId) ?? [];
    places.push(printPlace(m));
    byArticle.set(m.articleId, places);
  }
  const shown = [...byArticle].slice(0, FACTS_ARTICLES).map(([id, places]) => `${titleOf(id)} ${places.join(' ')}`);
  const more = byArticle.size - FACTS_ARTICLES;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more article${more === 1 ? '' : 's'}` : ''}`;
}

/** `pilcrow facts NAME`: one card. */
export function renderFactCardText(card: FactCard, titleOf: (id: string) => string): string {
  const e = card.entity;
  return [
    `${e.name} [${e.type}]${e.role ? `, ${e.role}` : ''}`,
    ...card.sentences.map((s) => `- ${s.text} (${titleOf(s.articleId)} ${printPlace(s)})`),
    ...(card.quotes.length ? ['Quotations:', ...card.quotes.map((q, i) => `${i + 1}. ${quoteLine(q, titleOf)}`)] : []),
  ].join('\n');
}

/** `pilcrow fetch`: the page's article, paragraphs numbered as they would be cited. */
export function renderExtractedText(a: ExtractedArticle): string {
  const about = [a.byline, a.published, a.url].filter(Boolean).join(' · ');
  return [a.title, about, '', ...a.paragraphs.map((p, i) => `${printPlace({ kind: 'paragraph', n: i + 1 })} ${p}`), ...a.captions.map((c, i) => `${printPlace({ kind: 'caption', n: i + 1 })}: ${c}`)].join('\n');
}

/** `pilcrow feed <url>`: the feed and each item as it would be stored, or why not. */
export function renderFeedTestText(t: FeedTest): string {
  const lines = [`${t.title ?? '(untitled feed)'} · ${t.url}`, `${t.items.length} item${t.items.length === 1 ? '' : 's'}, newest first:`];
  for (const i of t.items) {
    const title = i.parts?.title ?? i.entry.title ?? '(no title)';
    const when = i.parts?.published ?? i.entry.published?.toISOString() ?? 'no date';
    lines.push('', `- ${title}`, `  ${[i.entry.link ?? 'no link', when].join(' · ')}`);
    if (i.parts) lines.push(`  ${i.parts.paragraphs.length} paragraph${i.parts.paragraphs.length === 1 ? '' : 's'} from ${i.text === 'page' ? 'the page' : 'the feed\'s own text'}: ${i.parts.paragraphs[0]!.slice(0, 160)}${i.parts.paragraphs[0]!.length > 160 ? '…' : ''}`);
    else lines.push(`  skipped: ${i.skipped ? problemLine(i.skipped) : 'no readable text.'}`);
  }
  return lines.join('\n');
}

/** `pilcrow digest`: each story with its summary (cited), people, quotations and places. */
export function renderDigestText(d: Digest): string {
  if (d.articles.length === 0) return d.since ? `No new articles since ${d.since.toISOString().slice(0, 16).replace('T', ' ')} UTC.` : 'No articles.';
  const blocks = d.articles.map((a) => {
    const lines = [`## ${a.title}`, [a.published, a.url, ...a.alsoFrom.map((x) => x.url ?? x.id)].filter(Boolean).join(' · ')];
    for (const s of a.summary) lines.push(`  ${s.text} (${printPlace({ kind: 'paragraph', n: s.paragraph })})`);
    if (a.people.length) lines.push(`  People: ${a.people.map((p) => (p.role ? `${p.name}, ${p.role}` : p.name)).join('; ')}`);
    for (const q of a.quotes) lines.push(`  ${quoted(q.text)} — ${q.speaker ?? 'unattributed'}${q.paragraph !== null ? ` (${printPlace({ kind: 'paragraph', n: q.paragraph })})` : ''}`);
    if (a.places.length) lines.push(`  Places: ${a.places.join(', ')}`);
    return lines.filter((l) => l !== '').join('\n');
  });
  if (d.more > 0) blocks.push(`…and ${d.more} more.`);
  if (d.older > 0 && d.olderThan) blocks.push(`${d.older} older ${d.older === 1 ? 'story' : 'stories'} (published before ${d.olderThan.toISOString().slice(0, 10)}) left out.`);
  return blocks.join('\n\n');
}
