import { problemLine } from './problems.js';
import { type AskResult, cleanText, type Digest, type Entity, type ExtractedArticle, type FeedTest, type Quote, type QuoteResult } from '../engine/index.js';
import type { Article } from '../model/article.js';

/**
 * The public JSON shapes of `pilcrow ask --json` and `pilcrow paragraphs --json`. Other tools
 * parse them: add nothing, rename nothing. Fields are listed explicitly so that an engine change
 * cannot leak into them. Issue 17 added `outcome` ("answer", "not sure" or "not covered": what a
 * member is told; `answered` is true exactly for "answer") and `route` ("ranked", or "facts",
 * "quotes", "latest" for a question answered as that command: see Engine.answer).
 */
export function askJson(r: AskResult) {
  return {
    question: r.question,
    outcome: r.outcome,
    route: r.route,
    answered: r.answered,
    confidence: r.confidence,
    corrections: r.corrections.map((c) => ({ from: c.from, to: c.to })),
    results: r.results.map((a) => ({
      articleId: a.articleId,
      articleTitle: a.articleTitle,
      paragraph: a.paragraph,
      caption: a.caption,
      quote: a.quote,
      context: a.context,
      score: a.score,
    })),
  };
}

export function paragraphsJson(articles: readonly Article[]) {
  return {
    articles: articles.map((a) => ({
      id: a.id,
      title: a.title,
      paragraphs: a.paragraphs.map((p) => ({ n: p.n, text: p.text })),
      captions: a.captions.map((c) => ({ n: c.n, text: c.text })),
    })),
  };
}

/** A quotation in the public shape: exactly these fields. */
export function quoteJson(q: Quote) {
  return { speaker: q.speaker, speakerRole: q.speakerRole, text: q.text, kind: q.kind, cue: q.cue, articleId: q.articleId, paragraph: q.paragraph, caption: q.caption, polarity: q.polarity };
}

/** `pilcrow quote "<query>" --json`. */
export function quoteResultJson(r: QuoteResult) {
  return { query: r.query, quotes: r.quotes.map((q) => ({ ...quoteJson(q), relation: q.relation })) };
}

/** `pilcrow quotes --json`. */
export function quotesJson(quotes: readonly Quote[]) {
  return { quotes: quotes.map(quoteJson) };
}

/** `pilcrow facts --json`. */
export function factsJson(entities: readonly Entity[]) {
  return {
    entities: entities.map((e) => ({
      name: e.name,
      type: e.type,
      aliases: [...e.aliases],
      role: e.role,
      mentions: e.mentions.map((m) => ({ articleId: m.articleId, paragraph: m.paragraph, caption: m.caption })),
    })),
  };
}

/** `pilcrow fetch --json`: the article a web page holds. */
export function extractedJson(a: ExtractedArticle) {
  // As it would be stored: cleaned of NUL and the other characters a database refuses.
  const clean = (t: string | null) => (t === null ? null : cleanText(t));
  return { title: cleanText(a.title), byline: clean(a.byline), published: clean(a.published), url: a.url, paragraphs: a.paragraphs.map(cleanText).filter((p) => p !== '') };
}

/**
 * `pilcrow feed <url> --json`: the feed read once, each item as it would be stored (newest first,
 * at most 50); `text` says whose text it is (the page's, or the feed's own), `skipped` why nothing
 * would be stored. A public shape.
 */
export function feedTestJson(t: FeedTest) {
  return {
    title: t.title ?? '',
    url: t.url,
    items: t.items.map((i) => ({
      title: i.parts?.title ?? i.entry.title ?? '',
      link: i.entry.link,
      published: i.parts?.published ?? i.entry.published?.toISOString() ?? null,
      text: i.text,
      paragraphs: [...(i.parts?.paragraphs ?? [])],
      skipped: i.skipped ? problemLine(i.skipped) : null,
    })),
  };
}

/** `pilcrow digest --json`. */
export function digestJson(d: Digest) {
  return {
    articles: d.articles.map((a) => ({
      id: a.id,
      title: a.title,
      published: a.published,
      url: a.url,
      summary: a.summary.map((s) => ({ text: s.text, paragraph: s.paragraph })),
      people: a.people.map((p) => ({ name: p.name, role: p.role })),
      quotes: a.quotes.map(quoteJson),
      places: [...a.places],
    })),
  };
}
