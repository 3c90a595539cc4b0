import type { Token } from '../search/tokenize.js';
import { lexicon } from './lexicon.js';
import { ROLE_NOUNS } from './people.js';
import type { AnswerType } from './question.js';

const NUMBER_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty', 'forty', 'fifty', 'hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'billions', 'trillion', 'dozen', 'dozens', 'once', 'twice', 'half', 'percent', 'first', 'second', 'third', 'several', 'few']);
const TIME_WORDS = new Set(['today', 'yesterday', 'tomorrow', 'tonight', 'morning', 'afternoon', 'evening', 'night', 'week', 'weeks', 'weekend', 'month', 'months', 'year', 'years', 'decade', 'decades', 'century', 'centuries', 'ago', 'earlier', 'later', 'recently', 'soon', 'future', 'spring', 'summer', 'autumn', 'winter', 'season', 'noon', 'midnight', 'dawn', 'era', 'period', 'until', 'since', 'during', 'before', 'after']);
const PLACE_NOUNS = new Set(['country', 'countries', 'city', 'cities', 'capital', 'town', 'village', 'state', 'region', 'province', 'island', 'continent', 'border', 'location', 'locations', 'venue', 'place', 'headquarters', 'embassy', 'stadium', 'square', 'street', 'river', 'valley', 'coast', 'county', 'district', 'abroad', 'home']);
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'from', 'to', 'into', 'outside', 'inside', 'across', 'between']);
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'lord', 'lady', 'president', 'prime', 'minister', 'senator', 'governor', 'king', 'queen', 'prince', 'princess', 'pope', 'general', 'gen', 'judge', 'chancellor', 'secretary', 'rep', 'sen', 'professor', 'prof', 'saint', 'st']);
const PERSON_NOUNS = new Set([...ROLE_NOUNS, 'officials', 'inventor', 'member', 'members', 'emperor', 'architect', 'designer', 'composer']);

// "May" and "March" are also ordinary words; they count as months only beside a number ("May 21").
const AMBIGUOUS_MONTHS = new Set(['may', 'march']);
const nextToNumber = (tokens: readonly Token[], i: number) => /^\d/.test(tokens[i + 1]?.word ?? '') || /^\d/.test(tokens[i - 1]?.word ?? '');

/**
 * How strongly a span of tokens offers an answer of the wanted type that is not already in the
 * question: 0 (nothing) to 1 (a clear candidate, such as a city for "where" or a year for "when").
 * Cheap word-list rules, so it can run on every candidate sentence at query time.
 *
 * @example answerEvidence(text, tokenize(text), 'place', new Set(['summit'])) // 1 for "… named Vienna and Helsinki …"
 */
export function answerEvidence(text: string, tokens: readonly Token[], type: AnswerType, questionWords: ReadonlySet<string>): number {
  if (type === 'other') return 0;
  const lex = lexicon();
  let best = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const word = token.word;
    if (questionWords.has(word)) continue;
    const capital = /^\p{Lu}/u.test(text[token.start] ?? '');
    const prev = tokens[i - 1];
    const sentenceStart = i === 0 || /[.!?“"]\s*$/.test(text.slice(prev?.end ?? 0, token.start));
    let strength = 0;
    switch (type) {
      case 'number':
        if (/^\d/.test(word)) strength = 1;
        else if (NUMBER_WORDS.has(word)) strength = 0.7;
        break;
      case 'date':
        if (/^(1\d{3}|20\d{2})s?$/.test(word)) strength = 1;
        else if (lex.months.has(word) && (AMBIGUOUS_MONTHS.has(word) ? nextToNumber(tokens, i) : capital)) strength = 1;
        else if (lex.weekdays.has(word)) strength = 1;
        else if (TIME_WORDS.has(word)) strength = 0.6;
        else if (/^\d/.test(word)) strength = 0.4;
        break;
      case 'place': {
        const pair = prev ? `${prev.word} ${word}` : '';
        if (capital && (lex.places.has(word) || lex.places.has(pair))) strength = 1;
        else if (PLACE_NOUNS.has(word)) strength = 0.6;
        else if (capital && !sentenceStart && prev && PLACE_PREPOSITIONS.has(prev.word)) strength = 0.7;
        break;
      }
      case 'person':
        if (capital && !sentenceStart && lex.firstNames.has(word)) strength = 1;
        else if (capital && prev && HONORIFICS.has(prev.word) && /^\p{Lu}/u.test(text[prev.start] ?? '')) strength = 1;
        else if (PERSON_NOUNS.has(word)) strength = 0.5;
        else if (capital && !sentenceStart && !lex.places.has(word)) strength = 0.3;
        break;
    }
    if (strength > best) best = strength;
    if (best === 1) break;
  }
  return best;
}
