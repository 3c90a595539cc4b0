/**
 * Question analysis, the first stage of ranking: a question read into weighted index terms, with
 * typos corrected against the articles' words, compounds split as the articles write them, names and
 * head words marked, and each word's related index terms (WordNet relations, acronyms, multi-word
 * names) and the person a pronoun stands for. `rank` (rank.ts) takes the {@link Query} it returns.
 */
import type { Meaning } from '../meaning/index.js';
import type { Relation } from '../meaning/wordnet.js';
import { MARK } from '../nlp/answer-types.js';
import { readQuestion, type AnswerType } from '../nlp/question.js';
import { QUESTION_TITLES, QUESTION_WORDS } from '../nlp/word-lists.js';
import { functionWordTypo, sameLetters, swapDistance, type TypoCorrector } from './fuzzy.js';
import type { SearchIndex } from './index.js';
import { ACRONYMS_OF, NEWS_ACRONYMS } from './acronyms.js';
import type { RankOptions } from './rank.js';
import { acronymTerm, isDotted, termOf, tokenize } from './tokenize.js';

/** "wher" → "where", "waht" → "what": a misspelt question word, one edit away (a swap of neighbours is one), preferring the word it begins. */
function questionWord(word: string): string | null {
  if (word.length < 3 || QUESTION_WORDS.includes(word)) return null;
  const close = QUESTION_WORDS.filter((q) => swapDistance(q, word, 1) === 1);
  const typo = functionWordTypo(word);
  return close.find((q) => q.startsWith(word)) ?? close.find((q) => q === typo) ?? close[0] ?? null;
}

/** How closely a related word stands for the question's word (0-1), by relation. */
export const RELATED_STRENGTH: Readonly<Record<Relation | 'acronym', number>> = Object.freeze({
  lemma: 1,
  acronym: 1,
  synonym: 0.8,
  derived: 0.75,
  similar: 0.6,
  narrower: 0.6,
  broader: 0.5,
});

/** A term of the index related by meaning to a question word, and how closely (0-1). */
export interface RelatedTerm {
  readonly id: number;
  readonly strength: number;
}

/** One query term as searched: its id, weight, the word typed and the word it was corrected to. */
export interface QueryTerm {
  readonly id: number | undefined;
  readonly typed: string;
  readonly word: string;
  readonly weight: number;
  readonly position: number;
  /** True for a word the passage need not hold: the word naming the kind of answer ("cities" in
   *  "what cities"), a title before a name ("President" Trump). */
  readonly head: boolean;
  /** True when typed with a capital or as a number, not first in the question: a name, a date, a figure. */
  readonly name: boolean;
  /** True for the person a pronoun of the question stands for. */
  readonly pronoun: boolean;
  /** Index terms of the same or related meaning: base forms, synonyms, derivations, acronyms. */
  readonly related: readonly RelatedTerm[];
  /** The word's vector id, -1 when it has none. */
  readonly vector: number;
}

/** The analysed question. */
export interface Query {
  readonly text: string;
  readonly type: AnswerType;
  readonly terms: readonly QueryTerm[];
  readonly words: ReadonlySet<string>;
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
}

/** What `analyse` needs besides the question. */
export interface AnalyseContext {
  readonly index: SearchIndex;
  readonly corrector: TypoCorrector;
  readonly options: RankOptions;
  /** Language resources; null matches strings only. */
  readonly meaning: Meaning | null;
  /** The server asking (null: the shared articles only): typo correction offers only words of the
   *  articles it sees. */
  readonly owner?: string | null;
  /** The people a "he", "she" or "they" of the question may stand for (the main people of the one
   *  article asked about), most mentioned first. */
  readonly people?: readonly { readonly name: string; readonly gender: 'male' | 'female' | null }[];
}

/** Reads a question into weighted index terms, correcting unknown words against the vocabulary. */
export function analyse(question: string, ctx: AnalyseContext): Query {
  const { index, corrector, options, meaning } = ctx;
  const corrections: { from: string; to: string }[] = [];
  const terms: QueryTerm[] = [];
  const words = new Set<string>();
  const seen = new Set<string>();
  const tokens = tokenize(question).map((t, i) => {
    const fixed = i === 0 ? questionWord(t.word) : null;
    if (!fixed) return t;
    corrections.push({ from: t.word, to: fixed });
    return { ...t, word: fixed, term: null };
  });
  const typed = readQuestion(tokens.map((t) => t.word).join(' '));
  const capitalised = (i: number) => /^[\p{Lu}\d]/u.test(question[tokens[i]!.start] ?? '');
  // A name is a word typed with a capital or a digit, not first in the question, or the part after a
  // hyphen in one ("Kim Jong-un"); or, typed in lower case as people type in chat ("whos loeb
  // fighting"), a word of the articles that the dictionary does not know.
  const isName = (i: number): boolean => {
    const token = tokens[i]!;
    if (i > 0 && capitalised(i)) return true;
    if (!capitalised(i) && lowerCaseName(token, index, meaning)) return true;
    return i > 0 && question[token.start - 1] === '-' && tokens[i - 1]!.end === token.start - 1 && isName(i - 1);
  };
  const named = phraseSynonyms(question, tokens, ctx);
  for (const [position, token] of tokens.entries()) {
    if (terms.length >= options.maxTerms) break;
    let word = token.word;
    let term = token.term;
    let weight = 1;
    // "ceasefire", "Seoyeon": a word no article has, that they write as two ("cease-fire", "Seo-yeon").
    const parts = term !== null && index.termId(term) === undefined ? compoundParts(word, index, ctx.owner ?? null) : null;
    // Only a word that is neither in the articles nor English may be a typo: "long" is never "jong".
    if (!parts && term !== null && index.termId(term) === undefined && !isWord(word, meaning)) {
      // "teh", "becuase": a misspelt function word is the stop word it stands for, not an unknown word.
      // Swapped letters read as the function word; another slip as the articles' word if one is as
      // close ("ather" is "rather" in an article that has it), else as the function word.
      const functionWord = position === 0 || !capitalised(position) ? functionWordTypo(word) : null;
      const owner = ctx.owner ?? null;
      const fixed = functionWord && sameLetters(word, functionWord) ? null : corrector.correct(token.word, (w) => index.hasWord(w, owner));
      // A correction onto a stop word ("live" → "like") would silently drop the word: keep it unknown.
      if (fixed && fixed !== token.word && termOf(fixed) !== null) {
        corrections.push({ from: token.word, to: fixed });
        word = fixed;
        term = termOf(fixed);
        weight = options.correctedWeight;
      } else if (functionWord) {
        corrections.push({ from: token.word, to: functionWord });
        words.add(functionWord);
        continue;
      }
    }
    words.add(word);
    if (term === null || seen.has(term)) continue;
    for (const part of parts ?? [word]) {
      const partTerm = part === word ? term : termOf(part)!;
      if (seen.has(partTerm)) continue;
      seen.add(partTerm);
      const id = index.termId(partTerm);
      const title = QUESTION_TITLES.has(part) && capitalised(position) && position + 1 < tokens.length && capitalised(position + 1);
      terms.push({
        id,
        typed: part === word ? token.word : part,
        word: part,
        weight,
        position,
        head: part === typed.head || title,
        name: isName(position),
        pronoun: false,
        related: [...relatedTerms(part, id, part === word ? question.slice(token.start, token.end) : part, ctx), ...(named.get(position) ?? [])],
        vector: meaning && !isName(position) ? meaning.vectors.id(part) : -1,
      });
    }
  }
  addPronouns(tokens.map((t) => t.word), terms, ctx);
  // Read the form again after correction, so that "wher is the sumit" still asks for a place.
  const type = typed.type !== 'other' ? typed.type : readQuestion([...words].join(' ')).type;
  return { text: question, type, terms, words, corrections };
}

/** The shortest part of a word read as two ({@link compoundParts}). */
const COMPOUND_PART = 2;
/** Passages holding both parts looked through for them side by side (a pair in fewer is checked in full). */
const COMPOUND_PASSAGES = 200;

/**
 * A word that no article holds, read as two words that an article writes side by side (hyphenated
 * or spaced: "ceasefire" → "cease", "fire" for "cease-fire"; "seoyeon" → "seo", "yeon" for
 * "Seo-yeon"), or null. Both parts must be index terms (no stop words) and stand next to each other in
 * some passage, so that a word is never read as two unrelated ones ("carpet" is not "car pet" unless
 * an article writes "car pet"). The first such split from the left whose parts both are at least
 * {@link COMPOUND_PART} letters long.
 */
function compoundParts(word: string, index: SearchIndex, owner: string | null): [string, string] | null {
  if (word.length < 2 * COMPOUND_PART + 1 || /\d/.test(word)) return null;
  for (let i = COMPOUND_PART; i <= word.length - COMPOUND_PART; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    const ta = termOf(a);
    const tb = termOf(b);
    const ia = ta === null ? undefined : index.termId(ta);
    const ib = tb === null ? undefined : index.termId(tb);
    if (ia === undefined || ib === undefined || ia === ib) continue;
    if (sideBySide(ia, ib, index, owner)) return [a, b];
  }
  return null;
}

/**
 * Whether some passage that `owner` may see (a shared one, or one of its own) holds term `a` right
 * before term `b`, looking through at most {@link COMPOUND_PASSAGES} passages that hold both.
 */
function sideBySide(a: number, b: number, index: SearchIndex, owner: string | null): boolean {
  const pa = index.postingsOf(a).passages;
  const pb = index.postingsOf(b).passages;
  // Postings are in position order: walk both lists at once.
  let checked = 0;
  for (let i = 0, j = 0; i < pa.length && j < pb.length && checked < COMPOUND_PASSAGES;) {
    if (pa[i]! < pb[j]!) i++;
    else if (pa[i]! > pb[j]!) j++;
    else {
      const at = pa[i]!;
      const held = index.articleAt(at);
      i++;
      j++;
      if (!held || (held.owner !== null && held.owner !== owner)) continue;
      const entry = index.passage(at)!;
      checked++;
      const ids = entry.termIds;
      for (let k = 0; k + 1 < ids.length; k++) if (ids[k] === a && ids[k + 1] === b) return true;
    }
  }
  return false;
}

/** Occurrences of a word looked at to tell whether the articles write it as a name. */
const NAME_SIGHTINGS = 24;
/** Marks of a token the articles read as part of a name (a person, a place, an organisation). */
const NAME_MARKS = MARK.person | MARK.place | MARK.organisation;

/**
 * Whether a word typed in lower case, as people type in chat ("whos loeb fighting", "goal for
 * valencia"), is a name: a word of the articles, letters only, that is not English (WordNet) or that
 * the articles mostly write as part of a person's, a place's or an organisation's name (their answer
 * marks, over its first {@link NAME_SIGHTINGS} occurrences). Without the dictionary nothing is.
 */
function lowerCaseName(token: { readonly word: string; readonly term: string | null }, index: SearchIndex, meaning: Meaning | null): boolean {
  if (meaning === null || token.term === null || !/^\p{L}+$/u.test(token.word) || token.word.length < 3) return false;
  const id = index.termId(token.term);
  if (id === undefined) return false;
  if (!isWord(token.word, meaning)) return true;
  let seen = 0;
  let named = 0;
  const { passages } = index.postingsOf(id);
  for (let i = 0; i < passages.length && seen < NAME_SIGHTINGS; i++) {
    const entry = index.passage(passages[i]!);
    if (!entry) continue;
    for (let k = 0; k < entry.termIds.length && seen < NAME_SIGHTINGS; k++) {
      if (entry.termIds[k] !== id) continue;
      seen++;
      if (entry.marks[k]! & NAME_MARKS) named++;
    }
  }
  return seen > 0 && named * 2 > seen;
}

/** Whether a word is English (a WordNet lemma or one of its forms, or a stop word); unknown without the dictionary. */
function isWord(word: string, meaning: Meaning | null): boolean {
  return meaning !== null && meaning.wordnet.lemmasOf(word).length > 0;
}

/** Index terms related to a question word by meaning (WordNet) or as an acronym of the articles. */
function relatedTerms(word: string, id: number | undefined, raw: string, ctx: AnalyseContext): RelatedTerm[] {
  const out = new Map<number, number>();
  const add = (termId: number | undefined, strength: number) => {
    if (termId === undefined || termId === id) return;
    if ((out.get(termId) ?? 0) < strength) out.set(termId, strength);
  };
  const acronym = raw === raw.toUpperCase() && /\p{L}/u.test(raw);
  // "IMF" → the rarest word of "International Monetary Fund", as the article spelt it out.
  const expansion = ctx.index.acronym(word);
  if (expansion && (acronym || id === undefined)) {
    const rarest = [...expansion].sort((a, b) => ctx.index.idf(b) - ctx.index.idf(a))[0];
    add(rarest, RELATED_STRENGTH.acronym);
  }
  // "UN", "U.N." → the rarest word of "United Nations", as WordNet or the table of news acronyms spells it out.
  if (acronym) {
    const names = [...(ctx.meaning?.wordnet.phrases(word) ?? []), ...(NEWS_ACRONYMS[word] !== undefined ? [NEWS_ACRONYMS[word]] : [])];
    for (const name of names) {
      const ids = tokenize(name).flatMap((t) => (t.term === null ? [] : [ctx.index.termId(t.term)]));
      // Every word of the name in the articles, or it is not what they call it.
      if (ids.length === 0 || ids.some((x) => x === undefined)) continue;
      add((ids as number[]).sort((a, b) => ctx.index.idf(b) - ctx.index.idf(a))[0], RELATED_STRENGTH.acronym);
    }
  }
  if (ctx.meaning && !/\d/.test(word)) {
    for (const r of ctx.meaning.wordnet.related(word)) {
      if (r.term !== null) add(ctx.index.termId(r.term), RELATED_STRENGTH[r.relation]);
      // A name's adjective ("American", "French") is its country's: its synonyms too ("US", "U.S.").
      if (r.relation === 'derived' && /^\p{Lu}/u.test(raw)) {
        for (const s of ctx.meaning.wordnet.related(r.word)) if (s.relation === 'synonym' && s.term !== null) add(ctx.index.termId(s.term), RELATED_STRENGTH.derived);
      }
    }
  }
  return [...out.entries()].map(([termId, strength]) => ({ id: termId, strength }));
}

/** Words that may stand inside a name of several words: "Food and Drug Administration", "Bank of England". */
const NAME_JOINERS = new Set(['of', 'and', 'for', 'the', 'de']);
/** The most words a name of several words is looked up with (WordNet's longest names are longer, and rare). */
const LONGEST_NAME = 6;

/**
 * Names of several words typed in a question with capitals ("United Nations", "North Atlantic Treaty
 * Organization") whose acronym or other names WordNet or the table of news acronyms knows ("UN",
 * "NATO", "US" for "United States"): those index terms, as related terms of each word of the name
 * (by the word's position among the question's tokens).
 */
function phraseSynonyms(question: string, tokens: readonly { word: string; start: number }[], ctx: AnalyseContext): Map<number, RelatedTerm[]> {
  const out = new Map<number, RelatedTerm[]>();
  const capital = (i: number) => /^\p{Lu}/u.test(question[tokens[i]!.start] ?? '');
  for (let i = 0; i < tokens.length; i++) {
    if (!capital(i)) continue;
    // The longest name from here, first.
    for (let j = Math.min(tokens.length, i + LONGEST_NAME); j >= i + 2; j--) {
      if (!capital(j - 1) || tokens.slice(i, j).some((t, k) => !capital(i + k) && !NAME_JOINERS.has(t.word))) continue;
      const name = tokens.slice(i, j).map((t) => t.word).join(' ');
      const wordnet = ctx.meaning?.wordnet.has(name) ? ctx.meaning.wordnet : null;
      const others = [
        ...(wordnet?.related(name) ?? []).filter((r) => r.relation === 'synonym').map((r) => r.word),
        ...(ACRONYMS_OF.get(name) ?? []),
      ];
      const ids = new Set<number>();
      for (const other of others) {
        const term = isDotted(other) || !other.includes(' ') ? acronymTerm(other) : null;
        const id = term === null ? undefined : ctx.index.termId(term);
        if (id !== undefined) ids.add(id);
      }
      if (ids.size === 0) continue;
      for (let k = i; k < j; k++) out.set(k, [...ids].map((id) => ({ id, strength: RELATED_STRENGTH.acronym })));
      i = j - 1;
      break;
    }
  }
  return out;
}

const MALE_PRONOUNS = new Set(['he', 'him', 'his']);
const FEMALE_PRONOUNS = new Set(['she', 'her', 'hers']);
const PLURAL_PRONOUNS = new Set(['they', 'them', 'their']);

/** "he" in a question about one article: its most mentioned man (or person of unknown gender). */
function addPronouns(words: readonly string[], terms: QueryTerm[], ctx: AnalyseContext): void {
  if (!ctx.people || ctx.people.length === 0) return;
  const wanted = new Set<string>();
  for (const w of words) {
    const gender = MALE_PRONOUNS.has(w) ? 'male' : FEMALE_PRONOUNS.has(w) ? 'female' : PLURAL_PRONOUNS.has(w) ? 'any' : null;
    if (gender === null) continue;
    // The most mentioned person whose gender fits (or is unknown).
    const people = gender === 'any' ? ctx.people.slice(0, 2) : [ctx.people.find((p) => p.gender === gender || p.gender === null)].filter((p) => p !== undefined);
    for (const p of people) wanted.add(p.name.split(/\s+/).pop()!.toLowerCase());
  }
  for (const surname of wanted) {
    const term = termOf(surname);
    const id = term === null ? undefined : ctx.index.termId(term);
    if (id === undefined || terms.some((t) => t.id === id)) continue;
    terms.push({ id, typed: surname, word: surname, weight: ctx.options.pronounWeight, position: -1, head: false, name: true, pronoun: true, related: [], vector: -1 });
  }
}
