/** One sentence of a passage, verbatim, with its character offsets in the passage text. */
export interface Sentence {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A citable unit of an article: a body paragraph (cited "¶n") or a photo caption
 * (cited "photo caption n"). Paragraphs and captions are numbered separately, from 1.
 */
export interface Passage {
  readonly kind: 'paragraph' | 'caption';
  readonly n: number;
  /** Verbatim text; the lines of a hard-wrapped paragraph are joined with single spaces. */
  readonly text: string;
  readonly sentences: readonly Sentence[];
}

/** Optional metadata from an article's front matter. */
export interface ArticleMeta {
  readonly source?: string;
  readonly published?: string;
  readonly author?: string;
  /** The page's picture of the story (`og:image`), an http(s) address. */
  readonly image?: string;
  /** The publisher's name (`og:site_name`, the JSON-LD publisher, or the feed's title). */
  readonly site?: string;
}

/** A parsed knowledge file. `id` is the file name without its extension. */
export interface Article extends ArticleMeta {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly Passage[];
  readonly captions: readonly Passage[];
}

/** Why a knowledge file could not be used; `message` is a complete sentence for people. */
export interface KnowledgeError {
  readonly code: 'unreadable' | 'empty' | 'not_text' | 'bad_front_matter' | 'no_paragraphs';
  readonly file: string;
  readonly message: string;
}
