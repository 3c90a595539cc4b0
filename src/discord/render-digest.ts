import type { APIButtonComponent, APIEmbed } from 'discord.js';
import type { Digest, DigestArticle } from '../digest/digest.js';
import type { Article } from '../knowledge/types.js';
import { LIMITS } from './limits.js';
import { ASK_BUTTONS, COLOURS, discordTime, embedLength, escapeText, fitEmbeds, linkTo, truncate, type MessagePayload } from './render.js';

/** Custom ids of the digest's buttons. */
export const DIGEST_BUTTONS = Object.freeze({
  /** `readmore:<articleId>`: the summary's paragraphs with their neighbours, only to the member who clicked. */
  readMore: 'readmore',
});

/** Stories per message: two buttons each must fit in five rows of five. */
const STORIES_PER_MESSAGE = 10;

/**
 * A digest as Discord messages, each inside every limit (10 embeds, 6,000 characters, 5 rows of 5
 * buttons): one embed a story (its title linked to the page, the summary quoted with its ¶, people,
 * quotations and places as fields, the date and sources below) with "Ask about #n" and "Read more
 * #n" buttons. The first message says what the digest covers; the last, how many more there were.
 * Every text is escaped; nothing pings.
 */
export function renderDigest(digest: Digest, heading: string): MessagePayload[] {
  if (digest.articles.length === 0) {
    return [{ content: truncate(`${heading}\nNo new articles${digest.since ? ` since ${discordTime(digest.since, 'f')}` : ''}.`, LIMITS.content), embeds: [], components: [], allowedMentions: { parse: [] } }];
  }
  const embeds = digest.articles.map((a, i) => storyEmbed(a, i + 1));
  const messages: MessagePayload[] = [];
  let current: { embeds: APIEmbed[]; buttons: APIButtonComponent[]; size: number } = { embeds: [], buttons: [], size: 0 };
  const flush = () => {
    if (current.embeds.length === 0) return;
    const rows = [];
    for (let i = 0; i < current.buttons.length; i += LIMITS.buttonsPerRow) rows.push({ type: 1 as const, components: current.buttons.slice(i, i + LIMITS.buttonsPerRow) });
    messages.push({ embeds: current.embeds, components: rows.slice(0, LIMITS.actionRows), allowedMentions: { parse: [] } });
    current = { embeds: [], buttons: [], size: 0 };
  };
  digest.articles.forEach((a, i) => {
    const [embed] = fitEmbeds([embeds[i]!]);
    const size = embedLength(embed!);
    if (current.embeds.length >= STORIES_PER_MESSAGE || current.size + size > LIMITS.embedsTotal) flush();
    current.embeds.push(embed!);
    current.size += size;
    current.buttons.push(...storyButtons(a, i + 1));
  });
  flush();
  const count = digest.articles.length + digest.more;
  messages[0] = { ...messages[0]!, content: truncate(`${heading}\n${count} article${count === 1 ? '' : 's'}${digest.since ? ` since ${discordTime(digest.since, 'f')}` : ''}, newest first.`, LIMITS.content) };
  if (digest.more > 0) {
    const last = messages[messages.length - 1]!;
    messages[messages.length - 1] = { ...last, content: truncate(`${last.content ? `${last.content}\n` : ''}…and ${digest.more} more: \`/sources\` lists them.`, LIMITS.content) };
  }
  return messages;
}

function storyEmbed(a: DigestArticle, n: number): APIEmbed {
  const summary = a.summary.map((s) => `> ${escapeText(s.text)} (¶${s.paragraph})`).join('\n');
  const fields = [];
  if (a.people.length > 0) fields.push({ name: 'People', value: a.people.map((p) => escapeText(p.role ? `${p.name}, ${p.role}` : p.name)).join('\n') });
  if (a.quotes.length > 0) fields.push({ name: 'Quoted', value: a.quotes.map((q) => `“${escapeText(truncate(q.text, 300))}” — ${escapeText(q.speaker ?? 'unattributed')}${q.paragraph !== null ? ` (¶${q.paragraph})` : ''}`).join('\n') });
  if (a.places.length > 0) fields.push({ name: 'Places', value: escapeText(a.places.join(', ')), inline: true });
  const sources = [a.url, ...a.alsoFrom.map((x) => x.url)].filter((u): u is string => u !== null).map(hostOf);
  const footer = [a.published ? `Published ${a.published.slice(0, 10)}` : null, sources.length > 0 ? `Source${sources.length > 1 ? 's' : ''}: ${[...new Set(sources)].join(', ')}` : null].filter(Boolean).join(' · ');
  return {
    title: `${n} · ${escapeText(a.title)}`,
    description: summary || 'No sentence of this article reads well on its own; open it with Read more.',
    color: COLOURS.info,
    ...(a.url ? { url: a.url } : {}),
    ...(fields.length > 0 ? { fields } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
}

function storyButtons(a: DigestArticle, n: number): APIButtonComponent[] {
  const ask = `${ASK_BUTTONS.article}:${a.id}`;
  const more = `${DIGEST_BUTTONS.readMore}:${a.id}`;
  const out: APIButtonComponent[] = [];
  if (ask.length <= LIMITS.customId) out.push({ type: 2, style: 1, label: `Ask about #${n}`, custom_id: ask });
  if (more.length <= LIMITS.customId) out.push({ type: 2, style: 2, label: `Read more #${n}`, custom_id: more });
  return out;
}

/** "Read more": the paragraphs the summary comes from, each with the one before and after, cited. */
export function renderReadMore(article: Article, paragraphs: readonly number[]): MessagePayload {
  const wanted = new Set<number>();
  for (const n of paragraphs) for (const k of [n - 1, n, n + 1]) if (k >= 1 && k <= article.paragraphs.length) wanted.add(k);
  if (wanted.size === 0) for (let k = 1; k <= Math.min(3, article.paragraphs.length); k++) wanted.add(k);
  const lines = [...wanted].sort((a, b) => a - b).map((k) => `**¶${k}** ${escapeText(article.paragraphs[k - 1]!.text)}`);
  return {
    embeds: fitEmbeds([{ title: escapeText(article.title), description: lines.join('\n\n'), color: COLOURS.info, ...linkTo(article) }]),
    components: [],
    allowedMentions: { parse: [] },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
