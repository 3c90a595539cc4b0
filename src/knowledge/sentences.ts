import type { Sentence } from '../model/article.js';

/**
 * Sentence boundaries come from Unicode's sentence-break rules (UAX #29) as ICU implements them in
 * Node's `Intl.Segmenter`: they place a boundary after `.`, `?`, `!` and their closing quotes and
 * brackets, never inside a decimal or before a lower-case word, and handle every script. Those rules
 * know no abbreviations, so each boundary that follows a period is then judged as pySBD does
 * (Sadvilkar & Neumann 2020, the Python port of pragmatic_segmenter; its English lists below), with
 * the repairs news text needs on top. Chosen over `sentence-splitter`, `sbd`, wink-nlp, compromise,
 * sentencex and cldr-segmentation by the English Golden Rules and its speed (see the commit that
 * made it so).
 */
const SEGMENTER = new Intl.Segmenter('en', { granularity: 'sentence' });

/** pySBD's English abbreviations (pysbd/lang/common/standard.py), lower case, without their last period. */
const ABBREVIATIONS = new Set(('adj adm adv al ala alta apr arc ariz ark art assn asst attys aug ave bart bld bldg blvd brig bros btw cal calif capt cl cmdr co col colo comdr con conn corp cpl cres ct d.phil dak dec del dept det dist dr dr.phil dr.philos drs e.g ens esp esq etc exp expy ext feb fed fla ft fwy fy ga gen gov hon hosp hr hway hwy i.e ia id ida ill inc ind ing insp is jan jr jul jun kan kans ken ky la lt ltd maj man mar mass may md me med messrs mex mfg mich min minn miss mlle mm mme mo mont mr mrs ms msgr mssrs mt mtn neb nebr nev no nos nov nr oct ok okla ont op ord ore p pa pd pde penn penna pfc ph ph.d pl plz pp prof pvt que rd rs ref rep reps res rev rt sask sec sen sens sep sept sfc sgt sr st supt surg tce tenn tex univ usafa u.s ut va v ver viz vs vt wash wis wisc wy wyo yuk fig').split(' '));

/**
 * Abbreviations that stand before a name or a number and so never end a sentence ("Gen. Mark
 * Milley", "St. Michael's"): pySBD's prepositive list, with the US titles of news copy ("said Del.
 * Stacey Plaskett", "Sens. Warren and Sanders") that it lacks.
 */
const PREPOSITIVE = new Set(('adm attys brig capt cmdr col cpl det dr gen gov ing lt maj mr mrs ms mt messrs mssrs prof ph rep reps rev sen sens sgt st supt v vs fig' +
  ' del gens hon msgr pfc sfc pvt').split(' '));

/** Abbreviations before a number ("No. 5", "p. 55"): pySBD's list, with the numero sign's forms. */
const NUMBER_ABBREVIATIONS = new Set(['art', 'ext', 'no', 'nos', 'p', 'pp', 'n°', 'nº']);

/**
 * Words that begin a sentence after an abbreviation that may also end one ("I live in the U.S. How
 * about you?" but "the U.S. Government"): pySBD's English SENTENCE_STARTERS, matched case-sensitively.
 */
const SENTENCE_STARTERS = new Set('A Being Did For He How However I In It Millions More She That The There They We What When Where Who Why'.split(' '));

/** Words that name a time, not a new sentence, after "a.m." or "p.m." ("at 3 p.m. Monday", "9 a.m. ET"). */
const AFTER_CLOCK = /^(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\b|^(?:[ECMP][SD]?T|GMT|UTC|BST)\b/u;

/** Prepositions that open a phrase of time or place: "At 5 a.m." alone is a phrase, not a sentence. */
const PREPOSITION = /^(?:at|by|from|until|till|before|after|around|about|since|on|in|near|past|through|during)$/i;

/** A short sentence that only says who spoke: "Bush said.", "Mr. Smith told reporters." */
const ATTRIBUTION = /^(?:\S+\s+){1,4}(?:said|says|asked|asks|added|adds|continued|replied|wrote|tweeted|explained|told\s+\S+)\.$/u;

/** Longest run of text (characters) kept together because a quotation or a bracket is still open. */
const MAX_QUOTED_SPAN = 600;

/**
 * Splits a paragraph into sentences with offsets: `text` is `paragraph.slice(start, end)`, the
 * sentence with the white space around it left out; nothing else is ever left out, so the sentences
 * and the white space between them give back the paragraph. Beyond Unicode's rules and pySBD's
 * abbreviations (see {@link SEGMENTER}):
 * - a quotation that spans sentences ("He said “We will win. Then we go home,” he said.") stays one
 *   sentence, because the words inside the quotation marks belong to one attributed utterance;
 * - a lone initial ("J. R. R. Tolkien") does not end a sentence unless a sentence starter follows it;
 * - a "sentence" that starts in lower case or with a closing mark continues the previous one;
 * - spaced ellipses (". . .") mark an omission, not an end, unless a fourth period ends the sentence;
 * - a paragraph that is a run-in list ("1. The first item 2. The second item") has one sentence an item.
 *
 * @example splitSentences('At 6 a.m. Mr. Haddad left. He came back.').map((s) => s.text) // ['At 6 a.m. Mr. Haddad left.', 'He came back.']
 */
export function splitSentences(text: string): Sentence[] {
  const cuts = new Set<number>();
  // A line break inside a paragraph is a wrapped line (O\n2 in a formula), not a sentence's end as
  // Unicode's rules take it: segment with spaces in its place (one character for one, so offsets hold).
  for (const { index } of SEGMENTER.segment(text.replace(/[\n\r\u0085\u2028\u2029]/gu, ' '))) if (index > 0) cuts.add(index);
  const listCuts = listItemCuts(text);
  for (const [markerStart, markerEnd] of listCuts) {
    if (markerStart > 0) cuts.add(markerStart);
    const after = markerEnd + (/^\s*/u.exec(text.slice(markerEnd))?.[0].length ?? 0);
    for (let i = markerStart + 1; i <= after; i++) cuts.delete(i);
  }
  // "compounds. . . . The practice": the word's period ends the sentence, the ellipsis opens the next.
  for (const m of text.matchAll(/(?<=[\p{L}\p{N}]\.)\s+\.\s\.\s\.(?=\s+\p{Lu})/gu)) cuts.add(m.index);
  // "their own stock. 37% was used": Unicode's rules look past the number for a lower-case word and
  // find one; pySBD ends the sentence there (the abbreviation rules below keep "No. 5", "Jan. 5").
  for (const m of text.matchAll(/(?<=[\p{L}\p{N}%)][.?!][”"’')\]]*)\s+(?=\d)/gu)) cuts.add(m.index + m[0].length);

  const ordered = [...cuts].sort((a, b) => a - b);
  const pieces: [number, number][] = [];
  let from = 0;
  for (const cut of ordered) {
    if (text.slice(from, cut).trim() === '') continue;
    pieces.push([from, cut]);
    from = cut;
  }
  if (text.slice(from).trim() !== '') pieces.push([from, text.length]);
  else if (pieces.length > 0) pieces[pieces.length - 1]![1] = text.length;

  const merged: [number, number][] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const prev = merged[merged.length - 1];
    const bare = text.slice(piece[0], piece[1]).trim();
    const joins = !!prev && !listCuts.some(([s]) => s === piece[0]) && shouldJoin(text.slice(prev[0], prev[1]).trim(), bare);
    // A piece with no word in it (a bare ellipsis), or only an item's number ("8.") that the sentence
    // before does not take ("Jan. 5."), belongs to the sentence it opens.
    if ((!/[\p{L}\p{N}]/u.test(bare) || (/^\(?\d{1,3}[.)]\)?$/u.test(bare) && !joins)) && i + 1 < pieces.length) {
      pieces[i + 1] = [piece[0], pieces[i + 1]![1]];
      continue;
    }
    if (joins) prev![1] = piece[1];
    else merged.push([piece[0], piece[1]]);
  }
  return merged.map(([s, e]) => {
    const piece = text.slice(s, e);
    const start = s + piece.length - piece.trimStart().length;
    const end = e - (piece.length - piece.trimEnd().length);
    return { text: text.slice(start, end), start, end };
  });
}

/** The word before a sentence's final period, without that period: "U.S" in "in the U.S.", "" if none. */
function wordBeforePeriod(prev: string): string {
  const m = /(\S+)\.$/u.exec(prev);
  return m ? m[1]!.replace(/^[(“"‘'[]+/u, '') : '';
}

/** Whether the boundary between two candidate sentences (each trimmed) is no boundary. */
function shouldJoin(prev: string, next: string): boolean {
  if (/^[\p{Ll}]/u.test(next)) return true;
  // "Sen. Claire McCaskill (D-Mo.) said." : a split inside brackets, or before a closing mark or comma.
  if (/^[)\]”’,;:]/u.test(next) || (prev.length < MAX_QUOTED_SPAN && prev.lastIndexOf('(') > prev.lastIndexOf(')'))) return true;
  // An editor's omission "[...]" is not a sentence's end.
  if (/\[(?:\.\.\.|…)\][”"’']*$/u.test(prev)) return true;
  // " . . ." is an omission; " . . . ." is an omission and then the sentence's period.
  if (/(?:^|\s)\.\s\.\s\.$/u.test(prev) && !/\.\s\.\s\.\s\.$/u.test(prev)) return true;
  if (endsInAbbreviation(prev, next)) return true;
  // “Why not?” Bush said. : the words that say who spoke belong to the quotation they follow.
  if (/[.?!][”"’']$/u.test(prev) && ATTRIBUTION.test(next)) return true;
  // The length cap keeps one stray quotation mark from swallowing the rest of a paragraph.
  return prev.length < MAX_QUOTED_SPAN && openQuotes(prev) > 0;
}

/** Whether `prev` ends in an abbreviation's period that does not end the sentence, given what follows (pySBD's rules). */
function endsInAbbreviation(prev: string, next: string): boolean {
  const word = wordBeforePeriod(prev);
  if (word === '') return false;
  const lower = word.toLowerCase();
  const firstWord = /^[“"‘']?([^\s,;:]+)/u.exec(next)?.[1] ?? '';
  // "A." in "A. A. Michelson" is another initial, not the article "A" that starts a sentence.
  const startsSentence = SENTENCE_STARTERS.has(firstWord.replace(/[.,;:!?]+$/u, '')) && !/^\p{Lu}\.(?:\s|$)/u.test(next);
  const digitNext = /^\(?\d/u.test(next);
  if (PREPOSITIVE.has(lower)) return true;
  // "N°. 1026" (pySBD's GeoLocationRule), "No. 5", "pp. 3-4".
  if ((NUMBER_ABBREVIATIONS.has(lower) || /\p{L}°$/u.test(word)) && digitNext) return true;
  const clock = /^[ap]\.m$/i.test(word);
  // A lone initial, or letters with periods ("U.S", "a.m", "e.g"): an end only before a sentence starter.
  if (/^\p{Lu}$/u.test(word) || /^\p{L}(?:\.\p{L})+$/u.test(word)) {
    if (clock) return AFTER_CLOCK.test(next) || isOpeningPhrase(prev);
    return !startsSentence;
  }
  // "Jan. 5", "RENO, Nev. (AP) —": before a number, a bracket or a dash (pySBD's replace_period_of_abbr).
  if (ABBREVIATIONS.has(lower)) return digitNext || /^[([\-–—]/u.test(next) || isOpeningPhrase(prev);
  return false;
}

/** "At 5 a.m." or "By Jan.": a short phrase that opens with a preposition, which cannot stand as a sentence. */
function isOpeningPhrase(sentence: string): boolean {
  const words = sentence.split(/\s+/u);
  return words.length <= 4 && PREPOSITION.test(words[0]!.replace(/^[“"‘']/u, ''));
}

/**
 * The markers of a run-in list that opens the paragraph ("1. … 2. …", "1.) …", "1) …", "a. … b. …",
 * "• 9. … • 10. …"): each as `[start, end]` (the marker without the space after it). A list is two or
 * more markers of one style numbered in order (pySBD's ListItemReplacer asks the same); none, else.
 */
function listItemCuts(text: string): [number, number][] {
  const first = /^([•⁃*-]\s?)?(\d{1,2}|[a-z])(\.\)|\)|\.)(?=\s)/u.exec(text);
  if (!first) return [];
  const bullet = first[1] !== undefined;
  const close = first[3]!;
  const numeric = /\d/.test(first[2]!);
  const escaped = close.replace(/[.)]/g, (c) => `\\${c}`);
  const marker = new RegExp(`(?<=\\s)(${bullet ? '[•⁃*-]\\s?' : ''})(${numeric ? '\\d{1,2}' : '[a-z]'})${escaped}(?=\\s)`, 'gu');
  const next = (v: string) => (numeric ? String(Number(v) + 1) : String.fromCharCode(v.charCodeAt(0) + 1));
  const cuts: [number, number][] = [[0, first[0].length]];
  let want = next(first[2]!);
  for (const m of text.matchAll(marker)) {
    if (m[2] !== want) continue;
    cuts.push([m.index, m.index + m[0].length]);
    want = next(want);
  }
  return cuts.length >= 2 ? cuts : [];
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
