import { deburr } from 'es-toolkit/string';
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/**
 * Words that carry no topic. The `stopword` package's English list, plus the question words and
 * auxiliaries that every question has (the question's *form* is read separately, in nlp/question.ts).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng,
  ...['when', 'whom', 'whose', 'why', 'does', 'doing', 'done', 'its', 'it\'s', 'who\'s', 'what\'s'],
  ...['will', 'shall', 'may', 'whether', 'say', 'says', 's', 't'],
  // Pronouns stand for someone named elsewhere; a question's "he" is resolved apart (search/rank.ts).
  // "us" in capitals is the country, not this pronoun (see tokenize).
  ...['she', 'hers', 'herself', 'himself', 'themselves', 'us', 'ours', 'ourselves', 'yours', 'myself', 'theirs'],
  ...['everyone', 'everybody', 'anyone', 'anybody', 'someone', 'somebody', 'everything', 'anything', 'something', 'nothing', 'nobody'],
]);

/** One word of a text, with its offsets; `term` is its index term, or null for a stop word. */
export interface Token {
  /** Lower-cased, accent-folded surface form, e.g. "helsinki". */
  readonly word: string;
  /** The stemmed index term, e.g. "locat" for "locations"; null for a stop word. */
  readonly term: string | null;
  readonly start: number;
  readonly end: number;
}

/**
 * Characters that show nothing: Unicode's Default_Ignorable_Code_Point, among them the zero-width
 * space (U+200B), non-joiner and joiner (U+200C, U+200D), word joiner (U+2060), soft hyphen (U+00AD),
 * BOM (U+FEFF), bidirectional marks and variation selectors. Text pasted from web pages and chat apps
 * carries them inside words ("wh\u200bere"); matching ignores them, as a browser's find-in-page does.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const HAS_INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;

/**
 * A word: a dotted acronym ("U.S.", "N.A.T.O.", "a.m.": single letters each followed by a dot, the
 * last dot optional), or a letter or digit, then letters, digits and combining marks (a decomposed
 * "Zu\u0308rich" is one word), invisible characters counting as part of it when a letter, digit or
 * mark follows; inner apostrophes keep "don't" and "Trump's" together. Tokens keep offsets into the
 * text as written.
 */
const IGNORABLE = '\\p{Default_Ignorable_Code_Point}';
const WORD = new RegExp(
  // A dotted acronym: two or more single letters, each but the last followed by a dot.
  `(?:\\p{L}\\.){1,}\\p{L}(?![\\p{L}\\p{N}\\p{M}])\\.?|` +
  // Letters, digits and marks, in runs that invisible characters may join.
  `[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*(?:${IGNORABLE}+[\\p{L}\\p{N}\\p{M}]+)*` +
  // An apostrophe and letters: "'s", "n't".
  `(?:${IGNORABLE}*['’]${IGNORABLE}*\\p{L}[\\p{L}\\p{M}]*(?:${IGNORABLE}+[\\p{L}\\p{M}]+)*)*`,
  'gu',
);
/** The word pattern on its own, for looking at the word after one (from its `lastIndex`). */
const NEXT_WORD = new RegExp(WORD.source, 'gu');
const DOTTED = /^(?:\p{L}\.)+\p{L}\.?$/u;
/** A word written in capitals only, two letters or more ("US", "WHO", "IT"), maybe possessive ("US's"). */
const CAPITALS = /^\p{Lu}{2,}(?:['’][sS])?$/u;
/** Chinese characters and Japanese kana: text without spaces between words, segmented by dictionary. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** A quick test first: no CJK character comes before U+2E80 (the CJK radicals). */
const MAYBE_CJK = /[\u2e80-\uffff]/;
/**
 * ICU's word segmentation (through `Intl.Segmenter`), which splits Chinese and Japanese by its
 * dictionary ("岸田文雄首相" → 岸田 | 文雄 | 首相; an unknown name falls into its characters, "李明华" →
 * 李 | 明 | 华), so that a family or given name alone finds the whole name. The locale does not change
 * ICU's CJK dictionary; Korean, written with spaces, is left to the word pattern.
 */
const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });
const COMBINING = /\p{M}+/gu;

/**
 * Text without its invisible characters (see INVISIBLE), for reading what someone typed: a question,
 * a name, a title being typed. Not for cited text, which stays as written (tokens skip them instead).
 *
 * @example withoutInvisible('wh\u200bere is the su\u200dmmit') // 'where is the summit'
 */
export function withoutInvisible(text: string): string {
  return HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, '') : text;
}

/**
 * Lower-cases a word and strips its accents and invisible characters, so that "Zürich" matches
 * "zurich", ’ matches ' and "su\u200dmmit" "summit". Compatibility decomposition (NFKD) takes off
 * combining marks; letters that Unicode does not decompose (ı, ł, ø, đ, ß, æ, œ, þ, ð, ħ) are
 * spelt in Latin letters by es-toolkit's `deburr` ("Yıldırım" → "yildirim", "Łukasz" → "lukasz",
 * "Tromsø" → "tromso", "Straße" → "strasse"). Other scripts stay as they are.
 */
export function fold(word: string): string {
  return deburr(withoutInvisible(word.normalize('NFKD').replace(COMBINING, ''))).toLowerCase().replace(/’/g, '\'');
}

/** The index term of a folded word, or null when it is a stop word. Possessives lose their "'s". */
export function termOf(word: string): string | null {
  const base = word.endsWith('\'s') ? word.slice(0, -2) : word;
  if (base === '' || STOP_WORDS.has(word) || STOP_WORDS.has(base)) return null;
  if (/^\d/.test(base)) return base;
  return stemmer(base);
}

/**
 * The index term of a word written as an acronym: in capitals ("US", "WHO") or with dots ("u.s."),
 * folded and without its dots. An acronym is never a stop word: "US" is the country, "us" the
 * pronoun. Other words get {@link termOf}'s term, so that "N.A.T.O." and "NATO" are one term.
 *
 * @example acronymTerm('U.S.') // 'us'
 */
export function acronymTerm(written: string): string | null {
  const word = fold(written.replace(/\./g, ''));
  return word !== '' && STOP_WORDS.has(word) ? word : termOf(word);
}

/** Whether a word is written with a dot after each letter: "U.S.", "N.A.T.O.", "u.n". */
export function isDotted(written: string): boolean {
  return DOTTED.test(written);
}

/**
 * Splits text into tokens with offsets into the original string. `seen` remembers each spelling's
 * word and term across calls.
 *
 * Acronyms are one word whether dotted or not ("U.S." and "US" are the word "us"), and a word in
 * capitals is an acronym, never a stop word ("the US embassy": "us" is a term; "tell us": a stop
 * word), unless the text around it is in capitals too: a shouted "TELL US" or a headline's "IN
 * BRIEF" stay stop words. Chinese and Japanese runs are split into words ({@link SEGMENTER}).
 *
 * @example tokenize('Where is the summit?').map((t) => t.term) // [null, null, null, 'summit']
 * @example tokenize('Tell us about the U.S. embassy').map((t) => t.term) // ['tell', null, null, null, 'us', 'embassi']
 */
export function tokenize(text: string, seen?: Map<string, readonly [word: string, term: string | null]>): Token[] {
  const tokens: Token[] = [];
  let previous: RegExpExecArray | null = null;
  for (const m of text.matchAll(WORD)) {
    const before = previous;
    previous = m;
    const surface = m[0];
    const end = m.index + surface.length;
    // Folding and stemming are most of the work; an index passes `seen` so each spelling is done once.
    // Only plain words are remembered: acronyms depend on the words around them, CJK runs are split.
    const known = seen?.get(surface);
    if (known) {
      tokens.push({ word: known[0], term: known[1], start: m.index, end });
      continue;
    }
    if (MAYBE_CJK.test(surface) && CJK.test(surface)) {
      for (const part of SEGMENTER.segment(surface)) {
        if (!part.isWordLike) continue;
        const word = fold(part.segment);
        tokens.push({ word, term: termOf(word), start: m.index + part.index, end: m.index + part.index + part.segment.length });
      }
      continue;
    }
    const visible = withoutInvisible(surface);
    const dotted = isDotted(visible);
    if (dotted || CAPITALS.test(visible)) {
      const word = fold(surface.replace(/\./g, ''));
      const base = word.replace(/'s$/, '');
      if (STOP_WORDS.has(base)) {
        // Among capitals on both sides (or one, at an end), a capitalised stop word is shouted, not an acronym.
        NEXT_WORD.lastIndex = end;
        const after = NEXT_WORD.exec(text);
        const around = [before?.[0], after?.[0]].filter((w) => w !== undefined);
        const inCapitals = !dotted && around.length > 0 && around.every((w) => CAPITALS.test(withoutInvisible(w)));
        tokens.push({ word, term: inCapitals ? null : base, start: m.index, end });
        continue;
      }
      if (dotted) {
        tokens.push({ word, term: termOf(word), start: m.index, end });
        continue;
      }
    }
    const word = fold(surface);
    const term = termOf(word);
    seen?.set(surface, [word, term]);
    tokens.push({ word, term, start: m.index, end });
  }
  return tokens;
}
