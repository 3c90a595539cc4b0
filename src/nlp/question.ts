/**
 * What kind of thing a question asks for, read from its form: "where" wants a place, "who" a
 * person, "when" a date or time, "how many" a number. `other` when the form does not say.
 */
export type AnswerType = 'place' | 'person' | 'date' | 'number' | 'other';

const RULES: readonly (readonly [RegExp, AnswerType])[] = [
  [/\bhow (?:many|much|long|old|far|big|large|tall|high|often)\b|\bwhat (?:percentage|percent|number|amount|share|proportion)\b/i, 'number'],
  [/\bwhen\b|\bwhat (?:year|years|date|day|month|time|century|decade|period|season)\b|\bwhich (?:year|date|day|month|century|decade)\b|\bhow soon\b/i, 'date'],
  [/\bwhere\b|\bwhat (?:city|cities|country|countries|place|places|town|state|region|location|locations|venue|capital|continent)\b|\bwhich (?:city|cities|country|countries|place|town|state|region|location|venue|capital)\b|\bin what (?:city|country|place)\b/i, 'place'],
  [/\bwho(?:m|se)?\b|\bwhat (?:person|people|man|woman|leader|president|official|player|team)\b|\bwhich (?:person|people|man|woman|leader|president|official|player)\b/i, 'person'],
];

/**
 * The answer type and, when the question names the kind of thing it wants ("what cities",
 * "which year"), that word: it says what to look for, so an article need not contain it.
 *
 * @example readQuestion('What cities were named?') // { type: 'place', head: 'cities' }
 * @example readQuestion('How many times have they met?').type // 'number'
 */
export function readQuestion(question: string): { type: AnswerType; head: string | null } {
  for (const [re, type] of RULES) {
    const m = re.exec(question);
    if (!m) continue;
    const words = m[0].toLowerCase().split(/\s+/);
    const head = /^(?:what|which|in)$/.test(words[0] ?? '') ? words[words.length - 1]! : null;
    return { type, head };
  }
  return { type: 'other', head: null };
}
