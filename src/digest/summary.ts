import { isCaptionLine } from '../knowledge/parse.js';
import { leansBack } from '../knowledge/sentences.js';
import type { Article } from '../model/article.js';
import { tokens } from './rouge.js';

/** Tuning for {@link summarise}; fitted on the FRANK "valid" CNN/DM articles (`npm run eval -- --only digest`). */
export const SUMMARY_DEFAULTS = Object.freeze({
  /** Sentences in a summary, 1-5. */
  sentences: 3,
  /** Shortest sentence used, in words: shorter ones are headings, datelines and fragments. */
  minWords: 6,
  /** Longest sentence used, in words: longer ones are run-on captions or lists. */
  maxWords: 70,
  /** A sentence sharing more than this share of its words with one already chosen says nothing new (0-1). */
  redundancy: 0.55,
});

export type SummaryOptions = { -readonly [K in keyof typeof SUMMARY_DEFAULTS]: number };

/** One sentence of a summary: verbatim, with the ¶ it comes from. */
export interface SummarySentence {
  readonly text: string;
  readonly paragraph: number;
}

/** Page furniture that is never part of a summary: bylines, datelines, calls to action, video prompts. */
const FURNITURE = /^(?:by\s+\S|published:|updated:|last updated|scroll down|click here|read more|watch (?:the )?video|video:|see more|for more|follow (?:us|@)|share this|sign up|advertisement)|\b(?:published|updated):\s*\d/i;
/** A photo caption run into the text (news pages print them among the paragraphs): "… poses for a picture". */
const CAPTION = /\b(?:(?:is|are|was|were) (?:pictured|seen|shown)\b|pictured\b|\(pictured\)|\((?:left|right|centre|center|above|below|top|bottom|inset|file photo)\)|poses? (?:for|with|in|at)\b|posing\b|above:|below:|left:|right:)/i;
/**
 * A sentence that opens with a definite reference to something said before ("The move", "This
 * decision", "These findings"): it needs the sentence before it, like one opening with "He".
 */
const REFERS_BACK = /^(?:[“"‘']\s*)?(?:the|this|that|these|those|such)\s+(?:\w+\s+)?(?:move|moves|decision|announcement|incident|attack|comments?|remarks|statement|deal|plan|report|case|change|ruling|news|development|claims?|findings|measure|proposal|agreement|action|attempt|effort|request|event|episode|row|scandal|crash|accident|discovery|study|research|survey|figures|results|policy|bill|ban|latest|former|latter|pair|couple|trio|duo|man|woman|boy|girl|victim|suspect|star|player|latter)\b/i;

/**
 * Whether a sentence reads on its own: it does not open with a pronoun, a connective or a definite
 * reference back ("He", "But", "This", "The move"…) that only the sentence before it explains.
 *
 * @example standsAlone('The move angered Moscow.') // false
 */
export function standsAlone(sentence: string): boolean {
  return !leansBack(sentence) && !REFERS_BACK.test(sentence);
}

/** Whether a sentence is page furniture or a caption, never a summary sentence. */
export function isFurniture(sentence: string): boolean {
  return FURNITURE.test(sentence.trim()) || CAPTION.test(sentence) || isCaptionLine(sentence);
}

/**
 * A summary of an article in at most {@link SUMMARY_DEFAULTS.sentences} of its own sentences, each
 * cited with its ¶, in article order. News puts what matters first, so sentences are taken from the
 * top, but only ones a reader can understand alone (a sentence that leans on the one before is used
 * only right after it), never captions, bylines or "Scroll down for video", and never one that repeats
 * a sentence already chosen.
 *
 * @example summarise(article).map((s) => `${s.text} (¶${s.paragraph})`)
 */
export function summarise(article: Article, options: Partial<SummaryOptions> = {}): SummarySentence[] {
  const o = { ...SUMMARY_DEFAULTS, ...options };
  const chosen: (SummarySentence & { words: Set<string>; position: number })[] = [];
  let position = 0;
  for (const paragraph of article.paragraphs) {
    for (const sentence of paragraph.sentences) {
      position++;
      if (chosen.length >= o.sentences) return chosen.map(({ text, paragraph: n }) => ({ text, paragraph: n }));
      const text = sentence.text.trim();
      const words = tokens(text);
      if (words.length < o.minWords || words.length > o.maxWords || isFurniture(text)) continue;
      // A sentence that refers back is used only right after the sentence it refers to.
      const previous = chosen[chosen.length - 1];
      if (!standsAlone(text) && previous?.position !== position - 1) continue;
      const set = new Set(words);
      const repeats = chosen.some((c) => overlap(set, c.words) > o.redundancy);
      if (repeats) continue;
      chosen.push({ text, paragraph: paragraph.n, words: set, position });
    }
  }
  return chosen.map(({ text, paragraph: n }) => ({ text, paragraph: n }));
}

/** Share of `a`'s words that are also in `b`. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / a.size;
}
