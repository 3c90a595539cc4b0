/**
 * What kind of thing a question asks for, read from its form: "where" wants a place, "who" a person
 * (or organisation), "which company" an organisation, "when" a date or time, "how many" a number,
 * "how much" an amount (money, a number, a share), "how long" a duration, "why" a reason. `other`
 * when the form does not say ("what did he say", "how did she respond").
 */
export type AnswerType = 'place' | 'person' | 'organisation' | 'date' | 'number' | 'amount' | 'duration' | 'reason' | 'other';

const PLACE_NOUNS = 'city|cities|country|countries|place|places|town|towns|state|states|region|location|locations|venue|capital|continent|area|county|province|island|prison|hospital|building|street|border';
const PERSON_NOUNS = 'person|people|man|men|woman|women|leader|leaders|president|official|officials|player|players|minister|judge|actor|actress|singer|star|doctor|scientist|scientists|officer|officers|suspect|victim|boy|girl|child|mother|father|son|daughter|wife|husband';
const ORGANISATION_NOUNS = 'company|companies|firm|firms|organisation|organisations|organization|organizations|group|groups|team|teams|club|clubs|party|parties|agency|agencies|newspaper|paper|network|channel|bank|banks|charity|university|school|court|department|ministry|airline|brand|union';

/** The first question word of a question. */
const QUESTION_WORD = /\b(?:what|which|who|whom|whose|where|when|why|how)\b/i;
/** An auxiliary or modal verb opening a question, as in every yes/no question of English. */
const YES_NO = /^\W*(?:is|are|was|were|am|do|does|did|has|have|had|will|would|can|could|should|shall|may|might|must)(?:n['’]?t)?\b/i;
/** Characters a rule's match may start before the question word: "in which city", "for how long". */
const LEAD_IN = 8;

const RULES: readonly (readonly [RegExp, AnswerType])[] = [
  [/\bhow (?:long|soon)\b|\bfor how long\b/i, 'duration'],
  [/\bhow much\b|\bwhat (?:price|cost|amount|sum|fee|fine|salary|percentage|percent|share|proportion|rate)\b/i, 'amount'],
  [/\bhow (?:many|old|far|big|large|tall|high|often|fast|heavy|deep|wide)\b|\bwhat (?:number|age)\b/i, 'number'],
  [/\bwhen\b|\bwhat (?:year|years|date|day|month|time|century|decade|period|season)\b|\bwhich (?:year|date|day|month|century|decade)\b/i, 'date'],
  [new RegExp(`\\bwhere\\b|\\b(?:what|which|in what|in which) (?:${PLACE_NOUNS})\\b`, 'i'), 'place'],
  [/\bwhy\b|\bwhat (?:caused|causes|led to|prompted|sparked|made)\b|\bfor what reason\b|\bhow come\b|\bwhat (?:is|was|were|are) the reasons?\b/i, 'reason'],
  [new RegExp(`\\b(?:what|which|in what|in which) (?:${ORGANISATION_NOUNS})\\b`, 'i'), 'organisation'],
  [new RegExp(`\\bwho(?:m|se)?\\b|\\b(?:what|which) (?:${PERSON_NOUNS})\\b`, 'i'), 'person'],
];

/**
 * The answer type and, when the question names the kind of thing it wants ("what cities",
 * "which year"), that word: it says what to look for, so an article need not contain it.
 *
 * @example readQuestion('What cities were named?') // { type: 'place', head: 'cities' }
 * @example readQuestion('How many times have they met?').type // 'number'
 * @example readQuestion('Why did the summit raise eyebrows?').type // 'reason'
 */
export function readQuestion(question: string): { type: AnswerType; head: string | null } {
  // The form is the first question word's: in "Who was the leader when the Franks came?" the "when"
  // opens a clause, not the question.
  const first = QUESTION_WORD.exec(question);
  // A question opened by an auxiliary asks yes or no ("is there a reward for news of where he is",
  // "has the vet who did it been fired"): it wants no kind of thing, and a later question word opens a clause.
  if (YES_NO.test(question)) return { type: 'other', head: null };
  for (const [re, type] of RULES) {
    const global = new RegExp(re.source, 'gi');
    for (const m of question.matchAll(global)) {
      if (first && (m.index < first.index - LEAD_IN || m.index > first.index)) continue;
      const words = m[0].toLowerCase().split(/\s+/);
      const head = /^(?:what|which|in)$/.test(words[0] ?? '') && !/^(?:caused|causes|led|prompted|sparked|made|is|was|were|are)$/.test(words[1] ?? '') ? words[words.length - 1]! : null;
      return { type, head };
    }
  }
  return { type: 'other', head: null };
}
