/**
 * How a line is built, as far as telling page furniture from an article's own sentences needs: furniture
 * is a call to action ("Sign up for our newsletter"), a label ("Advertisement") or a notice addressed to
 * the reader ("We use cookies…"); an article's sentence that opens with the same words has a subject and
 * a verb of its own ("Sign up numbers were strongest in India") or reports what someone said ("…, one
 * complainant wrote"). Plain patterns, not a parser: the lines judged are short, and a part-of-speech
 * tagger (compromise) reads "rose" in "revenue rose 70 per cent" as a noun.
 */

/** Verbs that attribute words to someone: a line with one reports speech, it does not address the reader. */
const ATTRIBUTION = /\b(?:said|says|told|tells|wrote|writes|added|argued|argues|admitted|admits|insisted|insists|warned|warns|explained|complained|complains|announced|confirmed|denied|recalled|alleged|alleges|stated|promised|pledged|vowed|urged|boasted|replied|conceded|acknowledged|advised|suggested|found|revealed|showed|reported|noted|according to)\b/i;

/**
 * An auxiliary or a copula, and the word before it (its subject, when the line is a clause). Lower case
 * only: "Will Smith" and "5 May 2024" are a name and a date.
 */
const FINITE = /([\p{L}\p{N}'’-]+)\s+(?:is|are|was|were|has|have|had|will|would|could|can|should|must|may|might|did|does)\b/gu;

/**
 * Words before an auxiliary that do not make a clause of the line's own: the reader and the publisher
 * ("you will receive", "we have"), relative and dummy subjects ("which is free", "there is"), adverbs
 * and conjunctions.
 */
const NOT_SUBJECTS = new Set([
  'i', 'you', 'we', 'it', 'they', 'who', 'which', 'that', 'there', 'what', 'whatever', 'anyone', 'everyone',
  // Not subjects at all: "Already have an account?", "and will", "Still have questions?"
  'already', 'still', 'also', 'just', 'now', 'never', 'always', 'only', 'then', 'and', 'or', 'but',
]);

/**
 * Past tenses that are never participles: in a line they are a finite verb ("bundles drove most of the
 * growth"), where "delivered" may be a call to action's ("get the top stories delivered to your inbox").
 */
const SIMPLE_PAST = /\b(?:rose|fell|grew|drove|took|gave|came|went|began|became|saw|knew|threw|flew|drew|broke|chose|spoke|rode|ran|ate|sank|shrank|swore)\b/i;

/** Opening quotation marks: a line that starts with one quotes someone. */
const QUOTE_START = /^["“‘„«]/u;

/** Whether a line reports what someone said or wrote: an attribution verb, or it opens with a quotation mark. */
export function reportsSpeech(line: string): boolean {
  return ATTRIBUTION.test(line) || QUOTE_START.test(line);
}

/**
 * Whether a line has a clause of its own besides an imperative or a label: it reports speech, has an
 * auxiliary or copula after a subject that is not the reader, the publisher or a relative pronoun
 * ("Sign up for the newsletter was made compulsory", "Sign up numbers were strongest"), or a simple past
 * tense ("Subscribe and save bundles drove most of the growth").
 *
 * @example ownClause('Sign up numbers were strongest in India.') // true
 * @example ownClause('Sign up now and you will never miss a story') // false
 */
export function ownClause(line: string): boolean {
  if (reportsSpeech(line) || SIMPLE_PAST.test(line)) return true;
  for (const m of line.matchAll(FINITE)) {
    const subject = m[1]!.toLowerCase();
    if (!NOT_SUBJECTS.has(subject)) return true;
    // "…, that was the message": after a pause "that" points back (a subject); after a noun it is relative ("the newsletter that is sent").
    if (subject === 'that' && /(?:^|[:;,.!?—–-])\s*$/u.test(line.slice(0, m.index))) return true;
  }
  return false;
}

/**
 * Whether a line has a finite verb at all: an auxiliary or copula after any subject, a simple past tense,
 * or an attribution. "It was published on 5 March" is a sentence; "Published on 5 March" is a label.
 */
export function hasFiniteVerb(line: string): boolean {
  return ownClause(line) || line.match(FINITE) !== null;
}
