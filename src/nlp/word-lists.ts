/**
 * The heuristic word lists of Pilcrow's readers, in one place: the months and week days, the titles
 * and role nouns that stand before or after a name, the places news names by a building, the
 * function words a typed word may misspell, and the words of small talk. Each is frozen, in lower
 * case, and documented with where it is used and where it comes from.
 *
 * Not here: the table of titles with their abbreviations and genders (`TITLES` in titles.ts,
 * which this module's title lists are checked against in test/nlp/word-lists.test.ts), compromise's
 * lexicon (lexicon.ts), WordNet's nouns for people (person-nouns.ts, generated) and the lemmas of
 * reporting verbs (cues.ts). `src/knowledge/words.ts` is something else: it counts the words of a text.
 */

/** A set that throws on add, delete and clear, so that a shared word list cannot be changed by one of its readers. */
function frozenSet(words: readonly string[]): ReadonlySet<string> {
  const set = new Set(words);
  const refuse = (): never => {
    throw new TypeError('a word list of src/nlp/word-lists.ts is frozen');
  };
  set.add = refuse;
  set.delete = refuse;
  set.clear = refuse;
  return Object.freeze(set);
}

/** The English question words, in the order a misspelt one is read when several are as close
 *  ("wher" is read by search/query.ts; "whose" is only a function word there, see search/fuzzy.ts). */
export const QUESTION_WORDS: readonly string[] = Object.freeze(['where', 'when', 'who', 'whom', 'what', 'which', 'why', 'how']);

/** The English months, in order, lower case ("january" … "december"). */
export const MONTHS: readonly string[] = Object.freeze(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

/** The English days of the week, Monday first, lower case. */
export const WEEKDAYS: readonly string[] = Object.freeze(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

/** A word as it starts a sentence or a name: "january" → "January". */
export const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The courtesy titles whose abbreviation is also written alone at the start of a sentence ("Mr",
 * "Dr"): never a name (people.ts, `NOT_NAMES`). Each is an abbreviation in titles.ts's `TITLES`.
 */
export const COURTESY_ABBREVIATIONS: readonly string[] = Object.freeze(['mr', 'mrs', 'ms', 'dr']);

/**
 * Nouns that name what a person is or does, beyond the titles: a capitalised run after one is a name
 * ("Fifa head Gianni Infantino"), a phrase ending in one is a role ("Russian presidential aide"), a
 * speaker described by one is a person ("the prosecutor said"), and a "who" question's answer is
 * near one (titles.ts, quotes.ts, answer-types.ts).
 */
export const ROLE_NOUNS: ReadonlySet<string> = frozenSet(['adviser', 'advisor', 'aide', 'head', 'president', 'minister', 'secretary', 'spokesman', 'spokeswoman', 'spokesperson', 'envoy', 'chairman', 'chairwoman', 'chair', 'chief', 'leader', 'director', 'founder', 'official', 'ambassador', 'governor', 'mayor', 'senator', 'congressman', 'congresswoman', 'lawmaker', 'candidate', 'nominee', 'manager', 'strategist', 'analyst', 'professor', 'economist', 'lawyer', 'attorney', 'judge', 'commander', 'general', 'ceo', 'executive', 'coach', 'captain', 'player', 'author', 'writer', 'reporter', 'correspondent', 'editor', 'columnist', 'activist', 'expert', 'researcher', 'scientist', 'prosecutor', 'detective', 'officer', 'chancellor', 'premier', 'deputy', 'representative', 'pollster', 'surrogate', 'donor', 'businessman', 'businesswoman', 'mogul', 'billionaire', 'king', 'queen', 'prince', 'princess', 'husband', 'wife', 'son', 'daughter', 'mother', 'father', 'brother', 'sister']);

/**
 * Role nouns that `isOfficeNoun` (titles.ts) knows beside {@link ROLE_NOUNS}: members of
 * parliaments as British and European news abbreviates them, and holders of posts compromise's
 * lexicon lacks.
 */
export const MORE_ROLE_NOUNS: ReadonlySet<string> = frozenSet(['mp', 'mep', 'msp', 'mla', 'peer', 'treasurer', 'owner', 'partner', 'member', 'mate', 'envoy', 'negotiator', 'mediator', 'spokesman', 'spokeswoman', 'governor', 'senator', 'nominee', 'candidate', 'aide', 'official', 'prosecutor', 'head']);

/**
 * Titles that may stand before a name in a question ("President Trump", "Mr Bolton") and need not be
 * in the passage that answers it (src/search/query.ts). Every one is a title of titles.ts's `TITLES`; the
 * list is shorter than the table on purpose: "major", "private", "field", "staff" and the like are
 * more often the words a question asks about than a title before a name.
 */
export const QUESTION_TITLES: ReadonlySet<string> = frozenSet(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'president', 'senator', 'sen', 'rep', 'governor', 'gov', 'minister', 'secretary', 'prime', 'judge', 'general', 'professor', 'prof', 'king', 'queen', 'prince', 'princess', 'pope', 'chancellor', 'mayor', 'officer', 'detective', 'coach', 'lord', 'lady', 'dame']);

/**
 * Words that, capitalised before a name, make it a person's name when a "who" question's answer is
 * marked (answer-types.ts): the titles of titles.ts's `TITLES` most common in news, and "Saint"/"St"
 * ("St Patrick"), which the table leaves out because it is no title of a living person.
 */
export const NAME_HONORIFICS: ReadonlySet<string> = frozenSet(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'lord', 'lady', 'president', 'prime', 'minister', 'senator', 'governor', 'king', 'queen', 'prince', 'princess', 'pope', 'general', 'gen', 'judge', 'chancellor', 'secretary', 'rep', 'sen', 'professor', 'prof', 'saint', 'st', 'officer', 'detective', 'sergeant', 'sgt', 'lt', 'captain', 'coach', 'chief', 'deputy', 'mayor']);

/**
 * Places that compromise misses or takes for an organisation or a person in news text, named by a
 * building or a street (entities.ts): each is a place wherever it is written capitalised ("the
 * Kremlin said"), and a multi-word one is looked for as a phrase.
 */
export const BUILDING_PLACES: ReadonlySet<string> = frozenSet(['kremlin', 'white house', 'downing street', 'pentagon', 'capitol', 'elysee', 'élysée']);

/**
 * One-word places compromise's lexicon lacks, for marking a "where" question's answer (answer-types.ts):
 * news writes the seat of a government by its building or street. Differs from {@link BUILDING_PLACES}:
 * "Westminster" and "Whitehall" are here but not there (there, they would add place sightings to
 * readings), and the multi-word and "Élysée" entries are there only; merging the two changes what the
 * readers find (see the commit that made this module).
 */
export const ANSWER_PLACES: ReadonlySet<string> = frozenSet(['kremlin', 'pentagon', 'capitol', 'westminster', 'whitehall']);

/**
 * The commonest English function words (articles, pronouns, auxiliaries, prepositions, conjunctions
 * and the question words), most frequent first, after the Corpus of Contemporary American English's
 * frequency list. Every one is a stop word (search/tokenize.ts), so the index holds none of them and
 * the typo corrector of search/fuzzy.ts, which corrects onto the articles' words, can never reach
 * them: "teh", "waht", "becuase" stayed unknown words and counted against the answer. Read by
 * fuzzy.ts's `functionWordTypo`, where the order breaks ties (the more frequent first).
 */
export const FUNCTION_WORDS: readonly string[] = Object.freeze([
  'the', 'be', 'and', 'of', 'a', 'in', 'to', 'have', 'it', 'that', 'for', 'he', 'with', 'on', 'do', 'say', 'this',
  'they', 'at', 'but', 'we', 'his', 'from', 'by', 'she', 'or', 'as', 'what', 'their', 'can', 'who', 'get', 'if',
  'would', 'her', 'all', 'my', 'make', 'about', 'will', 'up', 'there', 'when', 'which', 'them', 'some',
  'me', 'out', 'into', 'him', 'your', 'come', 'could', 'now', 'than', 'like', 'other', 'how', 'then', 'its',
  'our', 'these', 'also', 'because', 'here', 'many', 'well', 'only', 'those', 'very', 'through', 'after',
  'should', 'over', 'still', 'too', 'never', 'between', 'most', 'another', 'much', 'while', 'why', 'where',
  'might', 'such', 'each', 'whether', 'since', 'both', 'before', 'under', 'been', 'being', 'did', 'does',
  'had', 'has', 'is', 'are', 'was', 'were', 'any', 'more', 'whom', 'whose', 'same', 'said', 'doing',
]);

/**
 * Words that greet, thank, acknowledge or take leave, or address the bot: a message made only of
 * them ("hi", "thanks!", "hello?", "ok thank you pilcrow") asks nothing. Words that could be a topic
 * on their own ("nice", "test", "great") are left out. Read by engine/answers.ts's `isSmallTalk`.
 */
export const SMALL_TALK: ReadonlySet<string> = frozenSet([
  'hi', 'hii', 'hello', 'helo', 'hallo', 'hey', 'heya', 'hiya', 'howdy', 'yo', 'sup', 'greetings', 'good', 'morning', 'afternoon', 'evening', 'gm',
  'thanks', 'thank', 'thankyou', 'thx', 'thnx', 'thanx', 'ty', 'tysm', 'cheers', 'ta', 'appreciated', 'appreciate', 'it',
  'bye', 'goodbye', 'cya', 'later', 'goodnight', 'night', 'gn',
  'ok', 'okay', 'k', 'kk', 'yes', 'yeah', 'yep', 'no', 'nope', 'sure', 'lol', 'haha', 'cool',
  'pilcrow', 'bot', 'you', 'u', 'there', 'everyone', 'all', 'guys', 'so', 'very', 'much', 'a', 'lot', 'again', 'and', 'oh',
]);

/**
 * The members of {@link SMALL_TALK} of which a message must hold one to be small talk: "you there"
 * alone is not small talk enough to skip searching.
 */
export const SMALL_TALK_ANCHORS: ReadonlySet<string> = frozenSet([
  'hi', 'hii', 'hello', 'helo', 'hallo', 'hey', 'heya', 'hiya', 'howdy', 'yo', 'sup', 'greetings', 'morning', 'afternoon', 'evening', 'gm',
  'thanks', 'thank', 'thankyou', 'thx', 'thnx', 'thanx', 'ty', 'tysm', 'cheers', 'ta',
  'bye', 'goodbye', 'cya', 'goodnight', 'gn',
  'ok', 'okay', 'k', 'kk', 'yes', 'yeah', 'yep', 'no', 'nope', 'lol', 'haha', 'cool',
]);
