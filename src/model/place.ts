import type { Article, Passage } from './article.js';

/**
 * Where a passage sits in its article: body paragraph `n` (cited "¶n") or photo caption `n` (cited
 * "photo caption n"), each numbered from 1. The one way every part of Pilcrow says where a passage
 * is; a {@link Passage} is one. Engine records that carry a nullable paragraph/caption pair (answers,
 * quotations, mentions: their JSON shape is public) are read into a Place by {@link placeOf}.
 */
export interface Place {
  readonly kind: 'paragraph' | 'caption';
  readonly n: number;
}

/** How engine records write a place: the ¶ number, or null and the caption number. */
export interface PlacePair {
  readonly paragraph: number | null;
  readonly caption: number | null;
}

/**
 * The place of a record that carries a paragraph/caption pair (or of a Place, returned as it is).
 *
 * @example placeOf({ paragraph: null, caption: 2 }) // { kind: 'caption', n: 2 }
 */
export function placeOf(from: PlacePair | Place): Place {
  // A pair first: a quotation has a `kind` of its own ("direct", "reported").
  if ('paragraph' in from) return from.paragraph !== null ? { kind: 'paragraph', n: from.paragraph } : { kind: 'caption', n: from.caption ?? 0 };
  return { kind: from.kind, n: from.n };
}

/**
 * The paragraph/caption pair engine records carry for a place (the inverse of {@link placeOf}).
 *
 * @example pairOf({ kind: 'caption', n: 2 }) // { paragraph: null, caption: 2 }
 */
export function pairOf(place: Place): PlacePair {
  return place.kind === 'paragraph' ? { paragraph: place.n, caption: null } : { paragraph: null, caption: place.n };
}

/**
 * The short key of a place, for maps and button ids: "p5" for ¶5, "c2" for photo caption 2.
 *
 * @example placeKey({ kind: 'paragraph', n: 5 }) // 'p5'
 */
export function placeKey(place: Place): string {
  return `${place.kind === 'paragraph' ? 'p' : 'c'}${place.n}`;
}

/**
 * The place a key names, or null when it names none (a key from an old button, or typed by hand).
 *
 * @example parsePlace('c2') // { kind: 'caption', n: 2 }
 * @example parsePlace('x9') // null
 */
export function parsePlace(key: string): Place | null {
  const m = /^([pc])([1-9]\d{0,5})$/.exec(key);
  return m ? { kind: m[1] === 'p' ? 'paragraph' : 'caption', n: Number(m[2]) } : null;
}

/**
 * A place as a reader checks it: "¶5", or "photo caption 2".
 *
 * @example printPlace({ kind: 'paragraph', n: 5 }) // '¶5'
 */
export function printPlace(place: Place | PlacePair): string {
  const p = placeOf(place);
  return p.kind === 'paragraph' ? `¶${p.n}` : `photo caption ${p.n}`;
}

/** The passage at a place of an article, or undefined when the article has no such passage. */
export function passageAt(article: Pick<Article, 'paragraphs' | 'captions'>, place: Place): Passage | undefined {
  return (place.kind === 'paragraph' ? article.paragraphs : article.captions)[place.n - 1];
}

/**
 * The full citation in running text: article title, then place.
 *
 * @example citation({ articleTitle: 'Donald Trump to hold summit with Vladimir Putin', paragraph: 5, caption: null }) // 'Donald Trump to hold summit with Vladimir Putin ¶5'
 */
export function citation(cited: PlacePair & { readonly articleTitle: string }): string {
  return `${cited.articleTitle} ${printPlace(cited)}`;
}

/**
 * Article id → title, for citing quotations and mentions (the id itself if the article is gone).
 *
 * @example titleOf(articles)('trump-putin-summit') // 'Donald Trump to hold summit with Vladimir Putin'
 */
export function titleOf(articles: readonly Article[]): (id: string) => string {
  const titles = new Map(articles.map((a) => [a.id, a.title]));
  return (id) => titles.get(id) ?? id;
}

/**
 * Article id → article, for linking citations to their pages (undefined if the article is gone).
 *
 * @example articleById(articles)('trump-putin-summit')?.title // 'Donald Trump to hold summit with Vladimir Putin'
 */
export function articleById<A extends Pick<Article, 'id'>>(articles: readonly A[]): (id: string) => A | undefined {
  const byId = new Map(articles.map((a) => [a.id, a]));
  return (id) => byId.get(id);
}

/**
 * The article's web address, when its source is one (a knowledge file's `source:` may be any text):
 * what an embed may link to and a digest lists.
 *
 * @example webAddress({ source: 'https://news.example/a' }) // 'https://news.example/a'
 */
export function webAddress(article: Pick<Article, 'source'>): string | null {
  return article.source && /^https?:\/\//.test(article.source) ? article.source : null;
}

/** How a quoted sentence is written into a text fragment (see {@link textFragment}). */
export const FRAGMENT_DEFAULTS = Object.freeze({
  /** A quotation of at most this many words is matched whole (`text=start`); a longer one by its
   *  first and last words (`text=start,end`), which keeps the link short and survives small
   *  differences in the middle (a link, an inline image). 4-30. */
  wholeUpToWords: 12,
  /** Words of a long quotation's start and of its end; 2-8. */
  edgeWords: 5,
});

/**
 * One term of a text directive, percent-encoded as the URL Fragment Text Directive requires
 * (https://wicg.github.io/scroll-to-text-fragment/): `encodeURIComponent` already encodes '&' and
 * ',', and '-' is encoded too, since the directive uses it to mark a prefix or suffix.
 */
function directiveTerm(text: string): string {
  // Also !'()*, which encodeURIComponent leaves: a ")" would end a Markdown link around the address.
  return encodeURIComponent(text).replace(/[-!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The text directive that makes a browser (Chrome, Edge, Safari) scroll to `quote` on the page and
 * highlight it: `:~:text=start` for a short quotation, `:~:text=start,end` for a long one (its first
 * and last {@link FRAGMENT_DEFAULTS.edgeWords} words). Whitespace runs are one space, as the browser
 * matches them. Empty for an empty quotation.
 *
 * @example textFragment('Vienna and Helsinki') // ':~:text=Vienna%20and%20Helsinki'
 */
export function textFragment(quote: string, options: Partial<{ wholeUpToWords: number; edgeWords: number }> = {}): string {
  const o = { ...FRAGMENT_DEFAULTS, ...options };
  const words = quote.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  if (words.length <= o.wholeUpToWords) return `:~:text=${directiveTerm(words.join(' '))}`;
  return `:~:text=${directiveTerm(words.slice(0, o.edgeWords).join(' '))},${directiveTerm(words.slice(-o.edgeWords).join(' '))}`;
}

/**
 * The article's web address with a text fragment that scrolls its page to `quote`, or null when the
 * article has no web address (a knowledge file). An address that already has a fragment keeps it
 * (`#top:~:text=…`). When the link would be longer than `maxLength` (a link button allows 512), the
 * quotation's first and last words only; if even that is too long, the bare address, or null if
 * that too is.
 *
 * @example sentenceLink({ source: 'https://news.example/a' }, 'Vienna and Helsinki') // 'https://news.example/a#:~:text=Vienna%20and%20Helsinki'
 */
export function sentenceLink(article: Pick<Article, 'source'>, quote: string, maxLength = Infinity): string | null {
  const address = webAddress(article);
  if (!address) return null;
  const join = address.includes('#') ? '' : '#';
  for (const fragment of [textFragment(quote), textFragment(quote, { wholeUpToWords: 4, edgeWords: 2 })]) {
    const link = `${address}${join}${fragment}`;
    if (fragment !== '' && link.length <= maxLength) return link;
  }
  return address.length <= maxLength ? address : null;
}
