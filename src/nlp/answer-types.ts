import type { Token } from '../search/tokenize.js';
import { DATE_RE } from './entities.js';
import { lexicon } from './lexicon.js';
import { ANSWER_PLACES, NAME_HONORIFICS, ROLE_NOUNS } from './word-lists.js';
import type { AnswerType } from './question.js';

/**
 * What each word of a passage may be as an answer: part of a person's name, a place, an
 * organisation, a date or time, a number, an amount of money, a share, a cause. Marked once when the
 * article is indexed (cheap word lists and patterns: compromise's lexicon of places and first names,
 * titles, the date patterns of /facts), so that every question can ask "does this sentence hold the
 * kind of thing asked for?" without parsing at query time. Each kind has a clear (strong) and a
 * likely (weak) mark.
 */
export const MARK = Object.freeze({
  person: 1 << 0,
  personWeak: 1 << 1,
  place: 1 << 2,
  placeWeak: 1 << 3,
  organisation: 1 << 4,
  organisationWeak: 1 << 5,
  date: 1 << 6,
  dateWeak: 1 << 7,
  number: 1 << 8,
  numberWeak: 1 << 9,
  money: 1 << 10,
  share: 1 << 11,
  cause: 1 << 12,
  causeWeak: 1 << 13,
});

/** For each answer type, how strongly each mark answers it (0-1). */
const WANTED: Readonly<Record<Exclude<AnswerType, 'other'>, readonly (readonly [number, number])[]>> = {
  place: [[MARK.place, 1], [MARK.placeWeak, 0.6]],
  person: [[MARK.person, 1], [MARK.organisation, 0.7], [MARK.personWeak, 0.5], [MARK.organisationWeak, 0.3]],
  organisation: [[MARK.organisation, 1], [MARK.organisationWeak, 0.6], [MARK.person, 0.3]],
  date: [[MARK.date, 1], [MARK.dateWeak, 0.6], [MARK.number, 0.3]],
  number: [[MARK.number, 1], [MARK.money, 0.8], [MARK.share, 0.8], [MARK.numberWeak, 0.6]],
  amount: [[MARK.money, 1], [MARK.share, 0.9], [MARK.number, 0.8], [MARK.numberWeak, 0.5]],
  duration: [[MARK.date, 0.8], [MARK.number, 0.7], [MARK.dateWeak, 0.6], [MARK.numberWeak, 0.5]],
  reason: [[MARK.cause, 1], [MARK.causeWeak, 0.5]],
};

const NUMBER_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'billions', 'trillion', 'dozen', 'dozens', 'twice', 'half', 'double', 'triple']);
const WEAK_NUMBER_WORDS = new Set(['once', 'first', 'second', 'third', 'fourth', 'fifth', 'several', 'few', 'many', 'tens', 'scores', 'numerous', 'handful']);
const CURRENCY_WORDS = new Set(['dollar', 'dollars', 'pound', 'pounds', 'euro', 'euros', 'pence', 'cents', 'yen', 'yuan', 'rupees', 'francs', 'roubles', 'rubles', 'bucks', 'grand', 'quid']);
const TIME_WORDS = new Set(['today', 'yesterday', 'tomorrow', 'tonight', 'morning', 'afternoon', 'evening', 'night', 'week', 'weeks', 'weekend', 'month', 'months', 'year', 'years', 'decade', 'decades', 'century', 'centuries', 'ago', 'earlier', 'later', 'recently', 'soon', 'future', 'spring', 'summer', 'autumn', 'winter', 'season', 'noon', 'midnight', 'dawn', 'era', 'period', 'until', 'since', 'during', 'days', 'hours', 'minutes', 'day', 'hour', 'annual', 'daily', 'weekly', 'monthly']);
const PLACE_NOUNS = new Set(['country', 'countries', 'city', 'cities', 'capital', 'town', 'village', 'state', 'region', 'province', 'island', 'continent', 'border', 'location', 'locations', 'venue', 'headquarters', 'embassy', 'stadium', 'square', 'street', 'road', 'river', 'valley', 'coast', 'county', 'district', 'abroad', 'home', 'hospital', 'prison', 'jail', 'airport', 'station', 'court', 'building', 'hotel', 'school', 'park', 'mountains', 'forest', 'sea', 'ocean', 'lake', 'beach', 'bridge', 'house', 'apartment', 'flat', 'restaurant', 'bar', 'church', 'mosque', 'centre', 'center']);
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'from', 'to', 'into', 'outside', 'inside', 'across', 'between', 'towards', 'toward', 'around', 'through']);
const PERSON_NOUNS = new Set([...ROLE_NOUNS, 'officials', 'inventor', 'member', 'members', 'emperor', 'architect', 'designer', 'composer', 'man', 'woman', 'boy', 'girl', 'guard', 'police', 'doctors', 'scientists', 'researchers', 'experts', 'teacher', 'student', 'resident', 'residents', 'victim', 'suspect', 'witness', 'neighbour', 'neighbor', 'friend', 'family', 'parents']);
const ORGANISATION_WORDS = new Set(['party', 'council', 'bureau', 'department', 'ministry', 'university', 'college', 'fund', 'bank', 'court', 'police', 'agency', 'association', 'inc', 'ltd', 'corp', 'corporation', 'company', 'group', 'union', 'commission', 'committee', 'office', 'service', 'services', 'institute', 'foundation', 'club', 'airlines', 'airways', 'news', 'times', 'post', 'journal', 'telegraph', 'network', 'society', 'trust', 'authority', 'board', 'organisation', 'organization', 'administration', 'government', 'parliament', 'congress', 'senate', 'army', 'navy', 'force', 'centre', 'center', 'hospital', 'school', 'league', 'federation', 'nhs', 'fc', 'labs', 'studios', 'motors', 'media', 'press']);
const WEAK_ORGANISATION_WORDS = new Set(['company', 'firm', 'government', 'police', 'council', 'court', 'agency', 'department', 'ministry', 'authorities', 'club', 'team', 'party', 'union', 'bank', 'charity', 'organisation', 'organization', 'group', 'network', 'newspaper', 'committee', 'officials', 'administration']);
const CAUSE_WORDS = new Set(['because', 'due', 'owing', 'reason', 'reasons', 'caused', 'cause', 'causes', 'causing', 'blamed', 'blame', 'result', 'resulted', 'consequence', 'thanks', 'order', 'aim', 'aimed', 'purpose', 'motive', 'why']);
const WEAK_CAUSE_WORDS = new Set(['after', 'amid', 'since', 'as', 'so', 'following', 'over', 'fear', 'fears', 'feared', 'concern', 'concerns', 'concerned', 'prompted', 'sparked', 'led', 'lead', 'leads', 'triggered', 'means', 'help', 'helps', 'allow', 'allows', 'because', 'if', 'unless', 'otherwise', 'risk', 'worried', 'believe', 'believed', 'claimed', 'accused']);
// "May" and "March" are also ordinary words; they count as months only beside a number ("May 21").
const AMBIGUOUS_MONTHS = new Set(['may', 'march']);
const YEAR = /^(?:1[5-9]\d\d|20\d\d)s?$/;
const CLOCK = /^\d{1,2}(?:[:.]\d\d)?(?:am|pm)?$/;

/**
 * The marks of every token of a text (see {@link MARK}).
 *
 * @example markTokens(t, tokenize(t)) // for "He met Mr Putin in Vienna on May 7": Putin person, Vienna place, May and 7 date
 */
export function markTokens(text: string, tokens: readonly Token[]): Uint16Array {
  const lex = lexicon();
  const marks = new Uint16Array(tokens.length);
  const capital = (i: number) => /^\p{Lu}/u.test(text[tokens[i]!.start] ?? '');
  const startsSentence = (i: number) => i === 0 || /[.!?“"‘:]\s*$|^\s*[“"‘(]/u.test(text.slice(tokens[i - 1]!.end, tokens[i]!.start));
  const gap = (i: number) => text.slice(tokens[i - 1]?.end ?? 0, tokens[i]!.start);
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.word;
    const prev = tokens[i - 1]?.word ?? '';
    const next = tokens[i + 1]?.word ?? '';
    const cap = capital(i);
    let m = 0;
    // Numbers, money and shares.
    if (/^\d/.test(word)) {
      m |= MARK.number;
      if (/[£$€¥]\s*$/u.test(gap(i)) || CURRENCY_WORDS.has(next)) m |= MARK.money;
      if (next === 'per' && tokens[i + 2]?.word === 'cent' || next === 'percent' || text[tokens[i]!.end] === '%') m |= MARK.share;
      if (YEAR.test(word) && !(m & MARK.money)) m |= MARK.date;
      if (CLOCK.test(word) && /^(?:a|p)$/.test(next) || /^(?:am|pm)$/.test(next)) m |= MARK.date;
    } else if (NUMBER_WORDS.has(word)) {
      m |= MARK.number;
      if (CURRENCY_WORDS.has(next)) m |= MARK.money;
    } else if (WEAK_NUMBER_WORDS.has(word)) m |= MARK.numberWeak;
    if ((word === 'cent' && prev === 'per') || word === 'percent') m |= MARK.share;
    if (CURRENCY_WORDS.has(word) && (/^\d/.test(prev) || NUMBER_WORDS.has(prev))) m |= MARK.money;
    // Dates and times.
    if (lex.months.has(word) && (AMBIGUOUS_MONTHS.has(word) ? /^\d/.test(next) || /^\d/.test(prev) : cap)) m |= MARK.date;
    if (lex.weekdays.has(word) && cap) m |= MARK.date;
    if (TIME_WORDS.has(word)) m |= MARK.dateWeak;
    // Places.
    const pair = `${prev} ${word}`;
    if (cap && (lex.places.has(word) || lex.places.has(pair) || ANSWER_PLACES.has(word))) m |= MARK.place;
    else if (cap && !startsSentence(i) && PLACE_PREPOSITIONS.has(prev) && !lex.firstNames.has(word)) m |= MARK.placeWeak;
    if (PLACE_NOUNS.has(word)) m |= MARK.placeWeak;
    // People: a first name, a name after a title, a capitalised run after a role ("aide Yury Ushakov").
    if (cap && !(m & MARK.place)) {
      if (lex.firstNames.has(word) && !startsSentence(i) && tokens[i + 1] && capital(i + 1)) m |= MARK.person;
      else if (i > 0 && (marks[i - 1]! & MARK.person) && !startsSentence(i) && !ORGANISATION_WORDS.has(word)) m |= MARK.person;
      else if (NAME_HONORIFICS.has(prev) && capital(i - 1)) m |= MARK.person;
      else if (PERSON_NOUNS.has(prev) && !startsSentence(i)) m |= MARK.person;
      else if (!startsSentence(i)) m |= MARK.personWeak;
    }
    if (PERSON_NOUNS.has(word)) m |= MARK.personWeak;
    // Organisations: a capitalised run ending in "Party", "Bureau", "Fund"…, or an acronym.
    if (cap && ORGANISATION_WORDS.has(word) && i > 0 && capital(i - 1) && !startsSentence(i)) {
      m |= MARK.organisation;
      for (let j = i - 1; j >= 0 && capital(j) && !startsSentence(j + 1); j--) marks[j] = (marks[j]! | MARK.organisation) & ~MARK.person;
    }
    const raw = text.slice(tokens[i]!.start, tokens[i]!.end);
    if (/^\p{Lu}{2,6}$/u.test(raw) && !lex.places.has(word) && !['us', 'uk', 'eu', 'un'].includes(word) && !/^(?:I|II|III|IV|OK|TV)$/.test(raw)) m |= MARK.organisation;
    if (WEAK_ORGANISATION_WORDS.has(word)) m |= MARK.organisationWeak;
    // Causes.
    if (CAUSE_WORDS.has(word)) m |= MARK.cause;
    else if (WEAK_CAUSE_WORDS.has(word)) m |= MARK.causeWeak;
    if (word === 'to' && prev === 'order') m |= MARK.cause;
    marks[i] = m;
  }
  // The date patterns of /facts: "on Wednesday evening", "earlier this month", "in 2016".
  // Matches come in text order, as tokens do: one cursor walks both (a paragraph of a megabyte has
  // thousands of dates and hundreds of thousands of tokens).
  let first = 0;
  for (const d of text.matchAll(DATE_RE)) {
    const end = d.index + d[0].length;
    while (first < tokens.length && tokens[first]!.start < d.index) first++;
    for (let i = first; i < tokens.length && tokens[i]!.end <= end; i++) if (!/^(?:on|in|since|by|until|of|this)$/.test(tokens[i]!.word)) marks[i] = marks[i]! | MARK.date;
  }
  return marks;
}

/**
 * How clearly tokens `[from, to)` hold the kind of thing asked for that the question does not already
 * name: 0 (nothing) to 1 (a clear candidate, such as a city for "where" or a date for "when").
 *
 * `wordAt(i)` is token i's word (folded), to leave out what the question names itself.
 *
 * @example answerEvidence(marks, (i) => tokens[i].word, 0, tokens.length, 'place', new Set(['summit'])) // 1 for "… named Vienna and Helsinki …"
 */
export function answerEvidence(marks: Uint16Array, wordAt: (i: number) => string, from: number, to: number, type: AnswerType, questionWords: ReadonlySet<string>): number {
  if (type === 'other') return 0;
  const wanted = WANTED[type];
  let best = 0;
  for (let i = from; i < to && best < 1; i++) {
    const m = marks[i]!;
    if (m === 0 || questionWords.has(wordAt(i))) continue;
    for (const [mark, strength] of wanted) if (m & mark && strength > best) best = strength;
  }
  return best;
}
