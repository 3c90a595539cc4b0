/**
 * Chat-register questions made plain before they are analysed: "whos running the bank rn" →
 * "who is running the bank now", "how come the flight was late" → "why the flight was late".
 *
 * This is lexical normalisation in the sense of Han & Baldwin (2011, "Lexical normalisation of short
 * text messages: Makn sens a #twitter", ACL) and the W-NUT 2015 shared task (Baldwin et al.): a
 * non-standard token is mapped to its standard form (u → you, ppl → people, gonna → going to). Their
 * lexicons hold tens of thousands of mined pairs, mostly misspellings; here the table is small and
 * written out, because misspellings are left to the dictionary corrector (search/fuzzy.ts) and only
 * forms a corrector cannot reach are listed: apostrophe-less contractions ("whats", "didnt"),
 * abbreviations ("ppl", "rn", "govt") and filler words that would otherwise become search terms
 * ("actually", "even", "lol"). Beyond tokens, a few question shapes of speech are rewritten to the
 * question they stand for ("how come X" → "why X", "any news on X" → "X").
 *
 * Why not compromise's `.contractions().expand()`, already loaded for entities: on chat forms it
 * leaves "whos", "whats", "whens", "hes", "theyre", "u", "ur" and "ppl" as they are, turns "isnt it"
 * into "is not it" and "im" into a lower-case "i am", and costs 2-20 ms a question against
 * microseconds for a table.
 *
 * Rules never touch: text inside quotation marks (it is what someone said, searched as typed); a
 * word in capitals ("US", "IM"); a capitalised word other than the first one (a name: "Ive", "Cos").
 * The question mark stays. A plain question comes back unchanged.
 */

/** One rewrite that fired: which rule, what was typed and what it became ('' when dropped). */
export interface CasualRewrite {
  readonly rule: 'contraction' | 'chat' | 'filler' | 'shape';
  readonly from: string;
  readonly to: string;
}

/** A question in the plain register, with the rewrites that made it so (empty when none fired). */
export interface PlainReading {
  readonly plain: string;
  readonly rewrites: readonly CasualRewrite[];
}

/** Contractions typed with or without their apostrophe (wh-words, auxiliaries with "not", pronouns). */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  whats: 'what is', whos: 'who is', wheres: 'where is', hows: 'how is', whens: 'when is', whys: 'why is',
  whatre: 'what are', whore: 'who are', wherere: 'where are',
  whatd: 'what did', whod: 'who did', whered: 'where did', whend: 'when did', whyd: 'why did', howd: 'how did',
  isnt: 'is not', arent: 'are not', wasnt: 'was not', werent: 'were not', dont: 'do not', doesnt: 'does not',
  didnt: 'did not', hasnt: 'has not', havent: 'have not', hadnt: 'had not', wont: 'will not', cant: 'cannot',
  couldnt: 'could not', wouldnt: 'would not', shouldnt: 'should not', aint: 'is not', mustnt: 'must not',
  theyre: 'they are', youre: 'you are', hes: 'he is', shes: 'she is', im: 'I am', ive: 'I have',
  theyve: 'they have', weve: 'we have', youve: 'you have', thats: 'that is', theres: 'there is',
};
/** Those a typed apostrophe makes unambiguous, beyond the apostrophe-less list ("she'd" stays: had or would). */
const APOSTROPHE_ONLY: Readonly<Record<string, string>> = {
  'who\'re': 'who are', 'we\'re': 'we are', 'it\'s': 'it is', 'he\'s': 'he is', 'she\'s': 'she is',
  'won\'t': 'will not', 'can\'t': 'cannot', 'i\'m': 'I am', 'i\'ve': 'I have', 'let\'s': 'let us',
};

/**
 * Chat abbreviations and spellings of speech, each one-to-one as in the lexnorm annotation guidelines
 * (Han & Baldwin 2011): only forms that are not English words, so that no plain question matches.
 */
const CHAT: Readonly<Record<string, string>> = {
  u: 'you', ya: 'you', yall: 'you all', r: 'are', n: 'and', ppl: 'people', ppls: 'people', peeps: 'people',
  bc: 'because', bcos: 'because', bcuz: 'because', cuz: 'because', coz: 'because', cos: 'because',
  abt: 'about', bout: 'about', b4: 'before', thru: 'through', w: 'with', wo: 'without',
  wanna: 'want to', gotta: 'got to', hafta: 'have to',
  govt: 'government', gvt: 'government', 'gov\'t': 'government',
  wat: 'what', wut: 'what', wot: 'what', wtf: 'what',
  rn: 'now', atm: 'now', tmrw: 'tomorrow', tmr: 'tomorrow', tmw: 'tomorrow', tonite: 'tonight', '2day': 'today', '2nite': 'tonight',
  vid: 'video', vids: 'videos', pic: 'picture', pics: 'pictures', convo: 'conversation', bday: 'birthday',
  gf: 'girlfriend', bf: 'boyfriend', hrs: 'hours', hr: 'hour', mins: 'minutes',
  yrs: 'years', cud: 'could', wud: 'would', shud: 'should', prolly: 'probably', probs: 'probably',
};

/** Chat words that carry nothing for a search and are dropped wherever they stand. */
const ALWAYS_FILLER = new Set([
  'lol', 'lmao', 'lmfao', 'rofl', 'haha', 'hahaha', 'xd', 'smh', 'tbh', 'imo', 'imho', 'ngl', 'btw', 'fr', 'omg', 'idk', 'pls', 'plz', 'pleaseee',
  'actually', 'basically', 'literally', 'honestly', 'anyway', 'anyways', 'anyhow', 'exactly', 'really', 'tho',
]);
/**
 * Words that are fillers only at the start of a question ("so what happened", "ok who won"), with the
 * bot addressed by its name ("Pilcrow, who won").
 */
const LEADING_FILLER = new Set(['pilcrow', 'so', 'ok', 'okay', 'k', 'hey', 'hi', 'yo', 'oi', 'guys', 'bro', 'dude', 'um', 'umm', 'uh', 'well', 'please', 'wait', 'also', 'and', 'but', 'like']);
/** Words that are fillers only at the end of a question ("who won, bro", "whats the plan then"). */
const TRAILING_FILLER = new Set(['ok', 'okay', 'guys', 'bro', 'dude', 'please', 'then', 'though', 'anyone']);

const WH = 'what|who|whom|whose|where|when|why|which|how';
/** Tokens: a word with inner apostrophes ("didn't", "gov't"), "w/" and "w/o", or one other character. */
const TOKEN = /w\/o|w\/|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|\s+|[^\p{L}\p{N}\s]/gu;
/** Quoted text, never rewritten: curly or straight double quotes, and single quotes that open after a space. */
const QUOTED = /“[^”]*”?|"[^"]*"?|‘[^’]*’|(?<![\p{L}\p{N}])'[^']+'(?![\p{L}\p{N}])/gu;

/**
 * Leading phrases that only ask for an answer ("do you know", "can someone tell me") or hedge it
 * ("i mean"); after them the question often takes the embedded word order, set back below.
 */
const LEADING_PHRASE = new RegExp(
  '^(?:(?:does|do) (?:anyone|anybody|someone|somebody|you|u|ya) (?:know|remember)|(?:anyone|anybody|u|you|ya) know|' +
    '(?:can|could) (?:someone|somebody|anyone|anybody|you|u|ya) (?:tell|explain to) me|(?:any|no) idea|' +
    'i (?:mean|wonder|was wondering|wanna know|want to know)|(?:just )?(?:wondering|curious)|quick question|random question|' +
    'real quick|out of curiosity|tell me|so basically)\\b,?\\s*',
  'i',
);
/**
 * The future with "gonna": "is the driver gonna be ok" → "will the driver be ok", "how long is he
 * gonna be out" → "how long will he be out". "will" is a stop word; "going" would be searched as
 * "go" and pull in sentences about going somewhere (on the seed article "where is the summit going to
 * be" finds the opening line, "where will the summit be" the Vienna and Helsinki sentence). Any other
 * "gonna" is "going to".
 */
const GONNA_FUTURE = new RegExp(`^((?:${WH})(?: (?:many|much|long|old|far|big|soon|often)(?: \\w+)?)? )?(?:is|are|am) ((?:\\S+ ){0,6}?)gonna (?=\\p{L})`, 'iu');

/** Question shapes of speech at the start of a question, and the plain question each stands for. */
const SHAPES: readonly (readonly [RegExp, string])[] = [
  [/^how come\b\s*/i, 'why '],
  [/^what is (?:the )?(?:deal|story|situation) (?:with|w\/|about|on)\s+/i, 'what about '],
  [/^what is (?:up|going on|happening) (?:with|w\/|about)\s+/i, 'what happened with '],
  [/^(?:any|what is the) (?:news|update|updates|word|latest) (?:on|about|with|re)\s+/i, ''],
];
/**
 * "end up" says how someone came to be something or somewhere: "how did X end up the last" is "how
 * did X become the last", "how did he end up in jail" is "how did he get in jail" ("get" is a stop
 * word, "end" would be searched for), "did he end up doing" is "did he do".
 */
const END_UP: readonly (readonly [RegExp, string])[] = [
  [/\b(?:end|ends|ended|ending) up (?:as )?(?=(?:a|an|the|so|very|such|one|really)\b)/gi, 'become '],
  [/\bended up (?=(?:in|at|on|behind|inside|outside|with|back|there|here|being)\b)/gi, 'got '],
  [/\b(?:end|ends|ending) up (?=(?:in|at|on|behind|inside|outside|with|back|there|here|being)\b)/gi, 'get '],
  [/\b(?:end|ends|ended|ending) up (?=\w+ing\b)/gi, ''],
];

/** Is the typed word one a table may rewrite: lower case, or capitalised as the first word only. */
function rewritable(word: string, first: boolean): boolean {
  if (word === word.toLowerCase()) return true;
  return first && word.length > 1 && word[0] === word[0]!.toUpperCase() && word.slice(1) === word.slice(1).toLowerCase();
}

/** The replacement with the typed word's leading capital, if it had one. */
function withCase(typed: string, to: string): string {
  if (to === '' || typed[0] === typed[0]!.toLowerCase()) return to;
  return to[0]!.toUpperCase() + to.slice(1);
}

/** A word of a segment (or the gap between two), so that a rule can look at the neighbouring words. */
interface Piece {
  text: string;
  readonly word: boolean;
}

/** "ur" is "you are" before a participle or a complement, otherwise "your" ("ur mayor"). */
function urOf(next: string | undefined): string {
  return next !== undefined && /^(?:a|an|the|not|so|going|gonna|ok|okay|right|wrong|sure|still|\w+ing)$/i.test(next) ? 'you are' : 'your';
}

/** "yr" is "year" after a number or before "old" ("5 yr old"), otherwise "your". */
function yrOf(previous: string | undefined, next: string | undefined): string {
  return (previous !== undefined && /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|last|this|next)$/i.test(previous)) || next === 'old' ? 'year' : 'your';
}

const BE = /^(?:is|are|was|were|am|be)$/;
/**
 * "like" as a filler: after a question word or "is" ("what like happened"), after "is it" ("is it
 * like safe"), or before a number or an adverb ("like 5", "like roughly"). Before an object ("is it
 * like a bomb") or as a verb ("what does he like") it stays.
 */
function fillerLike(before2: string | undefined, previous: string | undefined, next: string | undefined): boolean {
  if (previous === undefined || next === undefined) return false;
  if (/^(?:\d.*|\w+ly|about|around)$/.test(next)) return true;
  if (/^(?:a|an|the|this|that|these|those|it|him|her|them|me|us|you|to|my|his|their|our|your)$/.test(next)) return false;
  if (new RegExp(`^(?:${WH})$`).test(previous) || BE.test(previous)) return true;
  return before2 !== undefined && BE.test(before2) && /^(?:it|he|she|they|that|this|there|everyone|everything)$/.test(previous);
}

/** Token-level rewrites of one unquoted segment: contractions, chat forms, fillers. */
function rewriteWords(pieces: Piece[], atStart: boolean, rewrites: CasualRewrite[]): void {
  const words = pieces.filter((p) => p.word);
  for (const [i, piece] of words.entries()) {
    const typed = piece.text;
    const first = atStart && i === 0;
    if (!rewritable(typed, first)) continue;
    const key = typed.toLowerCase().replace(/’/g, '\'');
    const bare = key.replace(/'/g, '');
    const before2 = words[i - 2]?.text.toLowerCase();
    const previous = words[i - 1]?.text.toLowerCase();
    const next = words[i + 1]?.text.toLowerCase();
    let to: string | undefined;
    let rule: CasualRewrite['rule'] = 'chat';
    if (APOSTROPHE_ONLY[key] !== undefined) [to, rule] = [APOSTROPHE_ONLY[key], 'contraction'];
    else if (CONTRACTIONS[bare] !== undefined && (key === bare || /^\w+(?:n't|'(?:s|re|d|ve|m))$/.test(key))) [to, rule] = [CONTRACTIONS[bare], 'contraction'];
    else if (key === 'ur') to = urOf(next);
    else if (key === 'yr') to = yrOf(previous, next);
    else if (key === 'y') to = first && next !== undefined && /^(?:is|are|was|were|do|does|did|has|have|had|would|will|can|should|isnt|dont|didnt|doesnt)$/.test(next) ? 'why' : undefined;
    // One letter stands for a word only between two words: "r u ok", "w the", not "5 w" or "type r".
    else if (/^(?:w|wo|r|n|u)$/.test(key) && (next === undefined || (key !== 'u' && key !== 'r' && previous === undefined) || (previous !== undefined && /\d/.test(previous)))) to = undefined;
    else if (CHAT[key] !== undefined) to = CHAT[key];
    else if (key === 'w/') to = next === undefined ? undefined : 'with';
    else if (key === 'w/o') to = next === undefined ? undefined : 'without';
    else if (ALWAYS_FILLER.has(key)) [to, rule] = ['', 'filler'];
    // "kinda weird" hedges; "what kinda car" asks for a kind.
    else if (key === 'kinda' || key === 'sorta') [to, rule] = previous !== undefined && /^(?:what|which|the|a|this|that|some|any|same|other|every|no)$/.test(previous) ? [`${key.slice(0, -1)} of`, 'chat'] : ['', 'filler'];
    else if (key === 'even' && next !== undefined && !/^(?:though|if|when|after|before|as|more|less|so|then|than|now|number|numbers|\d.*|\w+er)$/.test(next)) [to, rule] = ['', 'filler'];
    else if (key === 'just' && next !== undefined && !/^(?:as|like|cause|because)$/.test(next)) [to, rule] = ['', 'filler'];
    else if (key === 'like' && fillerLike(before2, previous, next)) [to, rule] = ['', 'filler'];
    if (to === undefined || to === typed) continue;
    rewrites.push({ rule, from: typed, to });
    piece.text = withCase(typed, to);
  }
  // Leading fillers, read after the table ("ok so whats" → "what is"); never the last word left.
  for (const [i, w] of words.entries()) {
    if (!atStart) break;
    if (w.text === '') continue;
    if (!LEADING_FILLER.has(w.text.toLowerCase()) || !rewritable(w.text, true) || words.slice(i + 1).every((x) => x.text === '')) break;
    rewrites.push({ rule: 'filler', from: w.text, to: '' });
    w.text = '';
  }
}

/** Tidies spaces and punctuation left by dropped words: "  ,", " ?", a leading or hanging comma. */
function tidy(text: string, atStart: boolean, atEnd: boolean): string {
  let out = text.replace(/\s+/g, ' ').replace(/ +([?!.,;:])/g, '$1').replace(/([,;:])(?=[,;:?!.])/g, '');
  if (atStart) out = out.replace(/^[\s,;:.!-]+/, '');
  if (atEnd) out = out.replace(/[,;:]+(?=\s*$)/, '');
  return out.replace(/^ /, '').replace(/ $/, '');
}

/** Trailing fillers: "..., bro?", "whats the plan then". */
function dropTrailing(text: string, rewrites: CasualRewrite[]): string {
  let out = text;
  for (;;) {
    const m = /(?:^|[\s,])(\p{L}+)(\s*[?!.]*)$/u.exec(out);
    if (!m || !TRAILING_FILLER.has(m[1]!) || m.index === 0) return out;
    const before = out.slice(0, m.index).trim();
    // "is the driver ok": a complement unless set off by a comma ("who won, ok?"); "since then" is a time.
    if (/^(?:ok|okay)$/.test(m[1]!) && !out.slice(m.index).startsWith(',')) return out;
    if (m[1] === 'then' && /\b(?:since|until|till|by|and|back|before|after|from|even|just|than)$/i.test(before)) return out;
    rewrites.push({ rule: 'filler', from: m[1]!, to: '' });
    out = before.replace(/[,;:]+$/, '') + m[2]!.trim();
  }
}

/** Phrases and shapes at the start of the question, on its plain words ("whats the deal w/" is "what is the deal with"). */
function rewriteShapes(text: string, rewrites: CasualRewrite[]): string {
  let out = text;
  for (let m = LEADING_PHRASE.exec(out); m && m[0].length < out.length; m = LEADING_PHRASE.exec(out)) {
    rewrites.push({ rule: 'filler', from: m[0].trim(), to: '' });
    const rest = out.slice(m[0].length);
    const yesNo = /^(?:if|whether)\s+/i.exec(rest);
    out = yesNo ? setYesNoOrder(rest.slice(yesNo[0].length)) : setEmbeddedOrder(rest);
  }
  const future = GONNA_FUTURE.exec(out);
  if (future) {
    const to = withCase(future[0], `${future[1] ?? ''}will ${future[2]!}`);
    rewrites.push({ rule: 'shape', from: future[0].trim(), to: to.trim() });
    out = to + out.slice(future[0].length);
  }
  for (const [re, to] of SHAPES) {
    const m = re.exec(out);
    if (!m || m[0].length >= out.length) continue;
    rewrites.push({ rule: 'shape', from: m[0].trim(), to: to.trim() });
    out = to + out.slice(m[0].length);
  }
  return out;
}

/** "end up" in any unquoted stretch. */
function rewriteEndUp(text: string, rewrites: CasualRewrite[]): string {
  let out = text;
  for (const [re, to] of END_UP) {
    out = out.replace(re, (from) => {
      rewrites.push({ rule: 'shape', from: from.trim(), to: to.trim() });
      return to;
    });
  }
  return out;
}

/**
 * "where the summit is" (the word order of a question embedded after "do you know") → "where is
 * the summit": the verb "be" at the end goes back after the question word.
 */
function setEmbeddedOrder(question: string): string {
  const m = new RegExp(`^((?:${WH})(?: (?:many|much|long|old|far|big) \\w+| (?:many|much|long|old|far|big))?) (.+?) (is|are|was|were)(\\s*[?!.]*)$`, 'i').exec(question);
  if (!m || m[2]!.split(' ').length > 6) return question;
  return `${m[1]} ${m[3]} ${m[2]}${m[4]}`;
}

/**
 * "the driver is ok" (a yes/no question embedded after "do you know if") → "is the driver ok": the
 * auxiliary goes back before its subject. A lexical verb ("if he won") would need "did": left as is.
 */
function setYesNoOrder(clause: string): string {
  const m = /^((?:\S+ ){0,4}?\S+) (is|are|was|were|will|would|can|could|has|have|had|should) (.+)$/i.exec(clause);
  if (!m || /^(?:is|are|was|were|will|would|can|could|has|have|had|should)$/i.test(m[1]!.split(' ')[0]!)) return clause;
  return `${m[2]} ${m[1]} ${m[3]}`;
}

/**
 * A question in chat register read as its plain question, with the rewrites that fired.
 *
 * Input: any string (a member's question). Output: the plain question, the same string when nothing
 * fired, and never without a word: a question made only of fillers ("lol?") is kept as typed. Every
 * kept word keeps its capitals; quoted text and a final question mark are kept as typed; no content
 * word is dropped. Costs microseconds: regular expressions over one short string.
 *
 * @example readCasual('whos running the bank rn').plain // 'who is running the bank now'
 * @example readCasual('how come the flight was late?').plain // 'why the flight was late?'
 * @example readCasual('u know where the summit is').plain // 'where is the summit'
 * @example readCasual('What does he like?').rewrites // []
 */
export function readCasual(text: string): PlainReading {
  const rewrites: CasualRewrite[] = [];
  const segments: { text: string; quoted: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(QUOTED)) {
    segments.push({ text: text.slice(last, m.index), quoted: false }, { text: m[0], quoted: true });
    last = m.index + m[0].length;
  }
  segments.push({ text: text.slice(last), quoted: false });
  const firstText = segments.findIndex((s) => s.text.trim() !== '');
  const lastText = segments.findLastIndex((s) => s.text.trim() !== '');
  const plain = segments
    .map((segment, i) => {
      if (segment.quoted || segment.text.trim() === '') return segment.text;
      const atStart = i === firstText;
      const atEnd = i === lastText;
      const pieces: Piece[] = [...segment.text.matchAll(TOKEN)].map((m) => ({ text: m[0], word: /^[\p{L}\p{N}]|^w\//u.test(m[0]) }));
      rewriteWords(pieces, atStart, rewrites);
      let out = tidy(pieces.map((p) => p.text).join(''), atStart, atEnd);
      if (atStart) out = rewriteShapes(out, rewrites);
      out = rewriteEndUp(out, rewrites).replace(/\b(?:gonna|Gonna)\b/g, (from) => {
        rewrites.push({ rule: 'chat', from, to: 'going to' });
        return withCase(from, 'going to');
      });
      if (atEnd) out = dropTrailing(out, rewrites);
      out = tidy(out, atStart, atEnd);
      // A quotation beside this stretch keeps its space.
      const lead = !atStart && /^\s/.test(segment.text) ? ' ' : '';
      const trail = !atEnd && /\s$/.test(segment.text) ? ' ' : '';
      return out === '' ? lead || trail : lead + out + trail;
    })
    .join('')
    .trim();
  if (rewrites.length === 0 || !/[\p{L}\p{N}]/u.test(plain)) return { plain: text, rewrites: [] };
  return { plain, rewrites };
}

/** The plain question of a question typed in chat register ({@link readCasual}'s `plain`). */
export function plainQuestion(text: string): string {
  return readCasual(text).plain;
}
