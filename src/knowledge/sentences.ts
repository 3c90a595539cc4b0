import { split } from 'sentence-splitter';
import type { Sentence } from './types.js';

/**
 * Splits a paragraph into sentences with offsets, using `sentence-splitter` (textlint's splitter,
 * which already handles "Mr", "U.S.", "Dr.", decimals and most abbreviations) and then repairing
 * the three cases it gets wrong on news text:
 * - a quotation that spans sentences ("He said “We will win. Then we go home,” he said.") stays one
 *   sentence, because the words inside the quotation marks belong to one attributed utterance;
 * - a lone initial ("J. R. R. Tolkien") does not end a sentence;
 * - a "sentence" that starts in lower case ("at 3 p.m. on Monday") continues the previous one.
 *
 * @example splitSentences('Mr Bolton said it. He left.').map((s) => s.text) // ['Mr Bolton said it.', 'He left.']
 */
export function splitSentences(text: string): Sentence[] {
  const raw: Sentence[] = [];
  for (const node of split(text)) {
    if (node.type !== 'Sentence') continue;
    const [start, end] = node.range;
    const piece = text.slice(start, end);
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (piece.trim() === '') continue;
    raw.push({ text: piece.trim(), start: start + lead, end: end - trail });
  }
  const merged: Sentence[] = [];
  for (const sentence of raw) {
    const prev = merged[merged.length - 1];
    if (prev && shouldJoin(prev.text, sentence.text)) {
      merged[merged.length - 1] = { text: text.slice(prev.start, sentence.end), start: prev.start, end: sentence.end };
    } else {
      merged.push(sentence);
    }
  }
  return merged;
}

const LONE_INITIAL = /(?:^|\s)\p{Lu}\.$/u;
const STARTS_LOWER = /^[\p{Ll}]/u;
/** Titles the splitter may take for a sentence end: "said Del. Stacey Plaskett". */
const TITLE_AT_END = /\b(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Prof|Rev|Sgt|Capt|Del|Adm|Maj|Hon|Gens|Messrs)\.$/u;
/** Longest run of text (characters) kept together because a quotation is still open. */
const MAX_QUOTED_SPAN = 600;

function shouldJoin(prev: string, next: string): boolean {
  if (LONE_INITIAL.test(prev) || TITLE_AT_END.test(prev)) return true;
  if (STARTS_LOWER.test(next)) return true;
  // "Sen. Claire McCaskill (D-Mo.) said." : a split inside brackets, or before a closing mark or comma.
  if (/^[)\]”’,;:]/u.test(next) || (prev.lastIndexOf('(') > prev.lastIndexOf(')'))) return true;
  // The length cap keeps one stray quotation mark from swallowing the rest of a paragraph.
  return openQuotes(prev) > 0 && prev.length < MAX_QUOTED_SPAN;
}

/** Curly quotes opened and not yet closed; straight quotes count when their number is odd. */
function openQuotes(s: string): number {
  let curly = 0;
  let straight = 0;
  for (const ch of s) {
    if (ch === '“') curly++;
    else if (ch === '”') curly = Math.max(0, curly - 1);
    else if (ch === '"') straight++;
  }
  return curly + (straight % 2);
}

// Sentences that open with these lean on the sentence before to make sense ("He met with Mr Putin…").
const LEANS_BACK = /^(?:[“"‘']\s*)?(?:he|she|it|they|this|that|these|those|his|her|its|their|there|but|and|so|yet|however|also|meanwhile|then)\b/i;

/**
 * True when a sentence needs the one before it to make sense: it opens with a pronoun or a connective.
 *
 * @example leansBack('He met with Mr Putin in the Kremlin.') // true
 */
export function leansBack(sentence: string): boolean {
  return LEANS_BACK.test(sentence);
}
