import { pairOf } from '../model/place.js';
import type { Article, Passage } from '../model/article.js';
import { CUE_PAST } from './cues.js';
import { ArticlePeople, keyOf, type ResolvedMention } from './entities.js';
import { ROLE_NOUNS } from './word-lists.js';

/** A quotation, attributed and cited. `text` is verbatim, without the surrounding quotation marks. */
export interface Quote {
  readonly speaker: string | null;
  readonly speakerRole: string | null;
  readonly text: string;
  readonly kind: 'direct' | 'reported';
  readonly cue: string | null;
  readonly articleId: string;
  readonly paragraph: number | null;
  readonly caption: number | null;
  /** Canonical names of the people the quotation's own words mention (never its speaker's words about itself). */
  readonly mentions: readonly string[];
  /** True when the speaker is a person of the article (not "a source", "the White House"). */
  readonly speakerIsPerson: boolean;
  /**
   * 'rejected' when the cue denies or dismisses what follows ("X dismissed the idea that …", "X denied
   * that …"): the words are what the speaker rejected, never their claim. Otherwise 'asserted'.
   */
  readonly polarity: 'asserted' | 'rejected';
}

/**
 * The cue as a reader expects to read it: its past tense ("says" → "said", "arguing" → "argued"), or
 * the cue itself ("according to", "grumbled").
 */
export function cueLabel(cue: string): string {
  const w = cue.toLowerCase();
  return CUE_PAST[w] ?? w;
}

/**
 * Cues that deny or reject what follows them, as past tenses ({@link cueLabel}). Closed by meaning,
 * not tuned to any text: verbs of denial and rejection (WordNet's "deny", "reject", "refute" families).
 */
const REJECTING = new Set(['denied', 'dismissed', 'rejected', 'refuted', 'disputed', 'rebutted', 'repudiated', 'disavowed', 'derided', 'ridiculed', 'rebuffed', 'scoffed', 'contradicted', 'rubbished', 'brushed', 'downplayed', 'mocked']);
/** Whether a cue rejects what follows it. */
export const isRejecting = (cue: string | null): boolean => cue !== null && REJECTING.has(cueLabel(cue));

/**
 * Verb forms that introduce what someone said: PolNeAR's annotated cues (train and dev), generated
 * into ./cues.ts by scripts/build-cues.ts, which documents the thresholds. "according to" is a phrase of its own.
 */
export const CUES: readonly string[] = Object.keys(CUE_PAST);
const CUE_SET = new Set(CUES);
/** A cue is a lower-case word of the list: "States" in "the United States" is not "states". */
const isCue = (word: string) => CUE_SET.has(word) && word === word.toLowerCase();
/** A clause opened by a subordinating word is not the quotation's attribution: "“…,” when Clinton blasted him". */
const SUBORDINATE = /^\s*(?:when|while|as|after|before|because|since|if|though|although|until|whereas|where)\b/iu;
/** "…, arguing that …": a participle's speaker is the subject of the whole sentence. */
const PARTICIPLE = /ing$/u;
const PASSIVE = /\b(?:be|been|being|is|are|was|were)\s*$/iu;
/** Cues that report speech well enough to extract reported (indirect) quotations after them. */
const REPORTING = new Set(['said', 'says', 'told', 'tells', 'insisted', 'insists', 'argued', 'argues', 'claimed', 'claims', 'stated', 'declared', 'explained', 'noted', 'warned', 'announced', 'added', 'suggested', 'acknowledged', 'admitted', 'confirmed', 'denied', 'predicted', 'promised', 'vowed', 'wrote', 'tweeted', 'reported', 'revealed', 'believes', 'maintained', 'contended', 'stressed', 'emphasised', 'emphasized', ...REJECTING]);
const PRONOUNS = new Set(['he', 'she', 'they', 'i', 'we']);
// Words that may stand between a subject and its cue: "Mr Bolton would only say", "he reportedly said".
const BETWEEN = /(?:\s+(?:would|will|could|can|should|may|might|must|has|had|have|do|does|did|also|only|then|later|just|again|once|still|even|repeatedly|previously|publicly|privately|recently|earlier|not|never|\p{Ll}+ly))*\s*$/u;
const DOUBLE_SPAN = /“([^“”]*)(”|$)|"([^"]*)("|$)/gu;
/**
 * A British opening single quotation mark: ‘ at the start of a word (after a space, a bracket, a dash or
 * a double mark), before a letter, a digit or a double mark. "‘90s" (an apostrophe typed as ‘) is not one.
 */
const SINGLE_OPEN = /(?<=^|[\s([—–“"-])‘(?=[\p{L}\p{N}“"…])(?!\d\ds\b)/gu;
/** A closing ’: not inside a word, as the apostrophes of "don’t" and "harbour’s" are. */
const SINGLE_CLOSE = /’(?![\p{L}\p{N}])/gu;

/** A quotation-mark span of a passage: offsets of the marks, the words inside, and whether it is left open. */
interface Span {
  readonly start: number;
  readonly end: number;
  readonly inner: string;
  readonly open: boolean;
}

/**
 * The quotations marked in a text: “…” and "…", and British ‘…’ told apart from apostrophes (a ’ inside
 * a word is one; "the councillors’ vote" is one when a later ’ closes the quotation better). A quotation
 * nested in another (‘… “…” …’, or “… ‘…’ …”) is part of it. A quotation still open at the end of the
 * text continues in the next paragraph.
 */
export function quotationSpans(text: string): Span[] {
  const doubles: Span[] = [...text.matchAll(DOUBLE_SPAN)].map((m) => ({ start: m.index, end: m.index + m[0].length, inner: (m[1] ?? m[3] ?? '').trim(), open: (m[2] ?? m[4]) === '' }));
  const singles: Span[] = [];
  let from = 0;
  for (const open of text.matchAll(SINGLE_OPEN)) {
    if (open.index < from) continue;
    const closes = [...text.slice(open.index + 1).matchAll(SINGLE_CLOSE)].map((m) => open.index + 1 + m.index);
    // Stop at the next opening mark: a quotation does not run into the next one.
    const next = [...text.slice(open.index + 1).matchAll(SINGLE_OPEN)][0];
    const limit = next ? open.index + 1 + next.index : text.length;
    const inRange = closes.filter((c) => c < limit);
    // A plural possessive ("the councillors’ vote") is an s, the mark, a space and a lower-case word.
    const possessive = (c: number) => /s$/iu.test(text.slice(0, c)) && /^’\s+\p{Ll}/u.test(text.slice(c)) && !/[,.!?;:]$/u.test(text.slice(0, c));
    const close = inRange.find((c) => !possessive(c)) ?? inRange[0];
    const end = close === undefined ? limit : close + 1;
    singles.push({ start: open.index, end, inner: text.slice(open.index + 1, close ?? limit).trim(), open: close === undefined && limit === text.length });
    from = end;
  }
  const inside = (a: Span, b: Span) => a.start > b.start && a.end <= b.end;
  const all = [...doubles.filter((d) => !singles.some((x) => inside(d, x))), ...singles.filter((x) => !doubles.some((d) => inside(x, d)))];
  return all.filter((x) => x.inner.length > 0).sort((a, b) => a.start - b.start);
}
/**
 * The thresholds and windows of the quotation reader, in one place. Characters are UTF-16 code units
 * of the passage's text; words are runs between spaces unless said otherwise.
 */
export const QUOTE_DEFAULTS = Object.freeze({
  /** Shortest quotation kept when nothing attributes it, in words (shorter ones are usually scare quotes or titles). */
  minUnattributedWords: 6,
  /** Shortest quotation kept when its speaker is inferred without a cue (a dash, a colon, a nearby name), in words. */
  minCuelessWords: 4,
  /** Shortest reported speech kept ("X said …"), in words. */
  minReportedWords: 4,
  /** A person mentioned within this many characters of a sentence's start opens the sentence (and may speak its quotation). */
  openingChars: 2,
  /** How far after a quotation a dash and a name ("“…” ― Steve Quinlan") are looked for, in characters. */
  dashNameChars: 80,
  /** How far after a quotation the speaker's name may start ("“…,” Mitch McConnell, R-Ky., said"), in characters. */
  nameAfterChars: 60,
  /** Letter-words after that name searched for the cue ("said"), at most. */
  cueSearchWords: 30,
  /** Letter-words of the clause after a quotation searched for its cue ("“…,” he said"), at most. */
  clauseWords: 8,
  /** Largest gap between a name and the colon that makes it introduce a quotation ("pollster Daron Shaw: “…”"), in characters. */
  colonGapChars: 1,
  /** Most words between a person and a quotation with no cue for the person to be taken to speak it ("Hillary shot back, “…”"). */
  nearNameWords: 3,
  /** Most words of a short role between a cue and a name ("said 9/11 widow Terry Strada"). */
  rolePrefixWords: 6,
  /** Most words of a noun phrase that names a source ("a source", "the White House"), or of a role after a name. */
  phraseWords: 5,
  /** Most words between a comma and a reporting verb for the words before the comma to be reported ("…, a source said"). */
  trailingSpeakerWords: 8,
});

interface Speaker {
  readonly name: string | null;
  readonly person: boolean;
  readonly cue: string | null;
  /** The cue comes before the words and rejects them ("denied that …"). */
  readonly rejects?: boolean;
}

/**
 * A verb of speaking or its manner that no list holds, known by where it stands: a lower-case past
 * tense right after a quotation's closing comma ("“…,” grumbled driver Kofi Mensah") or right after
 * the speaker who follows one ("“…,” Helen Roe sighed."). News writes nothing else there.
 */
const MANNER_CUE = /^\p{Ll}{2,}ed$/u;

/**
 * Every quotation in an article, in order: direct ones (curly or straight quotation marks, quotes
 * spanning sentences, split quotes, quotes continued across paragraphs) and reported speech (X said
 * that …, X told Y that …, … according to X, …, X said). Speakers are resolved to one canonical name
 * per person; "he"/"she" go to the person who spoke last (checked against gender), which is not
 * always the nearest name; a quotation is never given to someone only mentioned inside it.
 *
 * @example extractQuotes(article).find((q) => q.text === 'sanctions will stay in place')?.speaker // 'John Bolton'
 */
export function extractQuotes(article: Article, people = new ArticlePeople(article)): Quote[] {
  const quotes: Quote[] = [];
  let lastSpeaker: string | null = null;
  let openSpeaker: Speaker | null = null; // a quotation still open at the end of the previous paragraph
  const history: ResolvedMention[] = [];
  let previousParagraph: Speaker | null = null;
  for (const passage of [...article.paragraphs, ...article.captions]) {
    const paragraphQuotes = quotes.length;
    const mentions = people.mentions.get(keyOf(passage)) ?? [];
    const cite = { articleId: article.id, ...pairOf(passage) };
    const spans = quotationSpans(passage.text);
    const masked = spans.reduce((t, s) => t.slice(0, s.start) + '⁂'.repeat(s.end - s.start) + t.slice(s.end), passage.text);
    let previousSentenceSpeaker: Speaker | null = null;
    // The person the previous sentence (without quotation marks) names as its speaker or subject.
    let namedBefore: Speaker | null = null;
    let leadIn: Speaker | null = null;

    for (const sentence of passage.sentences) {
      const inSentence = spans.filter((s) => s.start >= sentence.start && s.start < sentence.end);
      const context = { passage, masked, mentions, history, people, sentence };
      const resolve = (sp: Speaker | null): Speaker | null => (sp ? resolveSpeaker(sp, context, lastSpeaker) : null);
      if (inSentence.length > 0) {
        let sentenceSpeaker: Speaker | null = null;
        for (const span of inSentence) {
          let speaker = resolve(attributeDirect(span, context));
          if (!speaker && sentenceSpeaker) speaker = sentenceSpeaker;
          const opensParagraph = span.start === passage.sentences[0]!.start;
          if (!speaker && opensParagraph && openSpeaker) speaker = openSpeaker;
          // A paragraph that is nothing but a quotation continues the previous paragraph's speaker,
          // or quotes the person that paragraph was about ("Viguerie is upbeat …" / “…”).
          if (!speaker && opensParagraph && previousParagraph) speaker = carried(previousParagraph);
          if (!speaker && previousSentenceSpeaker) speaker = carried(previousSentenceSpeaker);
          // A sentence that is nothing but a quotation, after a sentence that names a person: theirs.
          if (!speaker && namedBefore && !/\p{L}/u.test(masked.slice(sentence.start, sentence.end))) speaker = namedBefore;
          const words = span.inner.split(/\s+/).length;
          if (!speaker && words < QUOTE_DEFAULTS.minUnattributedWords) continue;
          // Without a cue, a few words in quotation marks beside a name are more often a label than speech.
          if (speaker && speaker.cue === null && words < QUOTE_DEFAULTS.minCuelessWords) continue;
          sentenceSpeaker = speaker;
          quotes.push(makeQuote(span.inner, 'direct', speaker, cite, mentions, span.start, span.end, people));
          if (speaker?.person) lastSpeaker = speaker.name;
        }
        // The speaker of a quote closed in this sentence also speaks the rest of an open quotation.
        const last = inSentence[inSentence.length - 1]!;
        openSpeaker = last.open ? carried(sentenceSpeaker) : null;
        previousSentenceSpeaker = sentenceSpeaker;
        namedBefore = null;
      } else {
        const reported = attributeReported(context).map((r) => ({ ...r, speaker: resolve(r.speaker) }));
        for (const r of reported) {
          if (!r.speaker) continue;
          quotes.push(makeQuote(r.text, 'reported', r.speaker, cite, mentions, r.start, r.end, people));
          if (r.speaker.person) lastSpeaker = r.speaker.name;
        }
        previousSentenceSpeaker = null;
        const reporter = reported.find((r) => r.speaker?.person && !r.speaker.rejects)?.speaker;
        const opening = mentions.find((m) => m.start >= sentence.start && m.start - sentence.start <= QUOTE_DEFAULTS.openingChars && !isPossessive(context, m));
        namedBefore = reporter ? carried(reporter, null) : opening ? { name: opening.canonical, person: true, cue: null } : null;
        // "… Graham Bell said:" closing a paragraph leads in the quotation of the next one.
        leadIn = /:\s*$/u.test(sentence.text) ? resolve(cueBefore(masked.slice(sentence.start, sentence.end).replace(/:\s*$/u, ''), sentence.start, context)) : null;
      }
      for (const m of mentions) if (m.start >= sentence.start && m.start < sentence.end) history.push(m);
    }
    if (spans.length === 0) openSpeaker = null;
    const spoken = quotes.slice(paragraphQuotes).filter((q) => q.kind === 'direct' && q.speakerIsPerson);
    const last = spoken[spoken.length - 1];
    const subject = mentions[0];
    previousParagraph = last?.speaker ? { name: last.speaker, person: true, cue: null }
      : spans.length === 0 && leadIn?.person ? carried(leadIn)
        : spans.length === 0 && subject ? { name: subject.canonical, person: true, cue: null } : null;
  }
  return quotes;
}

/** A speaker carried to another quotation: the same person, never the rejection of the first one's cue. */
function carried(sp: Speaker, cue?: string | null): Speaker;
function carried(sp: Speaker | null, cue?: string | null): Speaker | null;
function carried(sp: Speaker | null, cue?: string | null): Speaker | null {
  return sp ? { name: sp.name, person: sp.person, cue: cue === undefined ? sp.cue : cue } : null;
}

interface Context {
  readonly passage: Passage;
  readonly masked: string;
  readonly mentions: readonly ResolvedMention[];
  readonly history: readonly ResolvedMention[];
  readonly people: ArticlePeople;
  readonly sentence: { readonly start: number; readonly end: number; readonly text: string };
}


/** Text up to the first clause boundary; the period of "Mr." or an initial is not one. */
function clauseOf(text: string): string {
  const m = /[,;:!?⁂]|(?<!\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|Prof|Rev|Sgt|Capt|No|Del|Adm|Maj|Hon|Mt|Ft|\p{Lu}))\./u.exec(text);
  return m ? text.slice(0, m.index) : text;
}

/** Who speaks a quotation span: the patterns after the quote first, then the cue before it, then "according to". */
function attributeDirect(span: Span, c: Context): Speaker | null {
  const after = c.masked.slice(span.end, c.sentence.end);
  const lead = /^[\s,.!?;:—–-]*(?:(?:that|which)\s+)?/u.exec(after)![0];
  const rest = after.slice(lead.length);
  const restStart = span.end + lead.length;
  // “…” ― Steve Quinlan: a name after a dash, as in a list of readers' comments.
  const dashed = /^[\s,.]*[―—–-]\s*(\p{Lu}[\p{L}’'.-]*(?:\s+\p{Lu}[\p{L}’'.-]*){0,4})/u.exec(c.masked.slice(span.end, span.end + QUOTE_DEFAULTS.dashNameChars));
  if (dashed) {
    const name = dashed[1]!.replace(/[.,]+$/u, '');
    return { name: c.people.canonical(name) ?? name, person: name.split(/\s+/).length >= 2 || c.people.canonical(name) !== undefined, cue: null };
  }
  const firstWord = /^[\p{L}]+/u.exec(rest)?.[0];
  // “…,” said Mr. Obama. / “…,” said the spokesman. / “…,” grumbled driver Kofi Mensah.
  // The comma of “…,” is inside the marks in American style, outside in British.
  const closed = /[,!?]$/u.test(span.inner) || /[,!?]/u.test(lead);
  if (firstWord && (isCue(firstWord) || (MANNER_CUE.test(firstWord) && closed))) {
    const subjectText = clauseOf(rest.slice(firstWord.length)).split(/\s+(?:in|on|at|during|after|before|to|of|about|when|while|as)\s/u)[0]!;
    const subject = subjectFrom(subjectText, restStart + firstWord.length, c, 'start') ?? describedName(subjectText);
    if (subject) return { ...subject, cue: firstWord };
  }
  // “…,” Scott Pruitt, the attorney general of Oklahoma, said … / “…,” Senate Majority Leader Mitch
  // McConnell, R-Ky., said …: a name (after a short role), appositions, then the cue.
  // The name nearest the cue, before any apposition, and never a possessive ("Clinton’s aide Jake Sullivan").
  const firstCue = [...rest.matchAll(/[\p{L}]+/gu)].find((w) => isCue(w[0]));
  const cueAt = firstCue ? restStart + firstCue.index : Infinity;
  const beforeComma = c.mentions.filter((m) => m.start >= restStart && m.start - restStart <= QUOTE_DEFAULTS.nameAfterChars && !/[,;:⁂]/u.test(c.masked.slice(restStart, m.start)) && !isPossessive(c, m));
  const beforeCue = beforeComma.filter((m) => m.end <= cueAt);
  const named = beforeCue[beforeCue.length - 1] ?? beforeComma[0];
  const capitalRun = /^(?!The\b|A\b|An\b|It\b|This\b)(\p{Lu}[\p{L}’'.-]*(?:\s+\p{Lu}[\p{L}’'.-]*){1,4})/u.exec(rest);
  const nameEnd = named ? named.end : capitalRun ? restStart + capitalRun[1]!.length : -1;
  if (nameEnd > 0 && !SUBORDINATE.test(rest)) {
    const tail = c.masked.slice(nameEnd, c.sentence.end);
    const words = [...tail.matchAll(/[\p{L}]+/gu)].slice(0, QUOTE_DEFAULTS.cueSearchWords);
    const manner = words[0] && words[0].index <= 1 && MANNER_CUE.test(words[0][0]) && /^\s*[\p{L}]+\s*(?:[.,;!?]|$)/u.test(tail) && closed ? words[0] : undefined;
    const cue = manner ?? words.find((w) => isCue(w[0]) && !/⁂/u.test(tail.slice(0, w.index)));
    const gap = cue ? tail.slice(0, cue.index).replace(/\s*\([^)]*\)/gu, '').replace(BETWEEN, '') : '';
    if (cue && (/^\s*$/u.test(gap) || /^\s*,/u.test(gap))) {
      if (named) return { name: named.canonical, person: true, cue: cue[0] };
      const run = capitalRun![1]!.replace(/[.,]+$/u, '');
      return { name: c.people.canonical(run) ?? run, person: run.split(/\s+/).length >= 2, cue: cue[0] };
    }
  }
  // “…,” he said. / “…” that Mr Trump claimed / “…,” the official told reporters.
  const clause = clauseOf(rest);
  const clauseWords = [...clause.matchAll(/[\p{L}]+/gu)].slice(0, QUOTE_DEFAULTS.clauseWords);
  const cueWord = clauseWords.find((w, i) => i > 0 && (isCue(w[0]) || (i === 1 && MANNER_CUE.test(w[0]) && PRONOUNS.has(clauseWords[0]![0].toLowerCase()) && closed))
    // A verb inside a that-clause ("arguing that the pair could agree") is not this quotation's cue.
    && !/\bthat\b/iu.test(clause.slice(0, w.index)));
  // Not "“…” was written by X" (a passive), nor "“…,” when Clinton blasted him" (another clause's verb).
  const passiveOrSubordinate = cueWord && (PASSIVE.test(clause.slice(0, cueWord.index).replace(BETWEEN, '')) || SUBORDINATE.test(clause));
  if (cueWord && !passiveOrSubordinate) {
    const subject = subjectFrom(clause.slice(0, cueWord.index).replace(BETWEEN, ''), restStart, c, 'end');
    if (subject) return { ...subject, cue: cueWord[0] };
  }
  // … pollster Daron Shaw: “…”: a name just before a colon introduces the quotation.
  const colon = /(?:\s*\([^)]*\))?:\s*$/u.exec(c.masked.slice(c.sentence.start, span.start));
  if (colon) {
    const at = c.sentence.start + colon.index;
    const introduced = c.mentions.find((m) => m.end <= at && at - m.end <= QUOTE_DEFAULTS.colonGapChars);
    if (introduced) return { name: introduced.canonical, person: true, cue: null };
  }
  // Mr Bolton said: “…” / he insisted that … “…”: the last cue before the quotation.
  const before = c.masked.slice(c.sentence.start, span.start);
  const fromBefore = cueBefore(before, c.sentence.start, c);
  if (fromBefore) return fromBefore;
  const according = accordingTo(c);
  if (according) return according;
  // No cue: a person who opens the sentence ("Mike Huckabee, for his part, is labeling … “…”"), or
  // who stands a few words before the quotation ("Hillary shot back, “…”"), is taken to speak it.
  const before2 = c.mentions.filter((m) => m.start >= c.sentence.start && m.end <= span.start && !isPossessive(c, m));
  const near = before2[before2.length - 1];
  if (near && c.masked.slice(near.end, span.start).trim().split(/\s+/).filter(Boolean).length <= QUOTE_DEFAULTS.nearNameWords && !/[.;⁂]/u.test(c.masked.slice(near.end, span.start))) {
    return { name: near.canonical, person: true, cue: null };
  }
  const opening = before2.find((m) => m.start - c.sentence.start <= QUOTE_DEFAULTS.openingChars);
  return opening ? { name: opening.canonical, person: true, cue: null } : null;
}

/**
 * What may stand between a speaker's name and the cue: a party label in brackets ("(D-N.M.)"), and one
 * apposition between commas: a description ("the envoy", "who …"), a participle's phrase ("speaking
 * after the meeting"), or a short role ("NCA director").
 */
function isApposition(between: string): boolean {
  const rest = between.replace(/^\s*\([^)]{1,40}\)/u, '');
  if (/^\s*$/u.test(rest)) return true;
  const m = /^,\s+([^,]+),?\s*$/u.exec(rest);
  if (!m) return false;
  const words = m[1]!.trim().split(/\s+/);
  if (/^(?:the|a|an|his|her|their|its|who)$/iu.test(words[0]!)) return true;
  if (/^\p{Ll}+ing$/u.test(words[0]!)) return true;
  return words.length <= QUOTE_DEFAULTS.phraseWords && ROLE_NOUNS.has(words[words.length - 1]!.toLowerCase());
}

/**
 * "driver Kofi Mensah" after a cue: a name the people reader missed, known by the words that describe
 * it (one to three lower-case words, no article) and two to four capitalised words.
 */
function describedName(text: string): Omit<Speaker, 'cue'> | null {
  const m = /^\s*(?:(?!(?:the|a|an|his|her|their|its|our|this|that)\b)[\p{Ll}-]+\s+){1,3}(\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+){1,3})\s*$/u.exec(text);
  return m ? { name: m[1]!, person: true } : null;
}

/** "Clinton’s" in "Clinton’s top aide": a name that owns something does not speak here. */
function isPossessive(c: Context, m: { end: number }): boolean {
  return /^['’]s?\b/u.test(c.passage.text.slice(m.end, m.end + 3));
}

/** The last cue in `text` and its subject. */
function cueBefore(text: string, offset: number, c: Context): Speaker | null {
  const words = [...text.matchAll(/[\p{L}]+/gu)];
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    const pre = text.slice(0, w.index).replace(BETWEEN, '');
    // "Said Ellis: “…”": an inverted cue opening the sentence.
    if (pre.trim() === '' && CUE_SET.has(w[0].toLowerCase())) {
      const subject = subjectFrom(text.slice(w.index + w[0].length).replace(/[:\s⁂]+$/u, ''), offset + w.index + w[0].length, c, 'start');
      if (subject) return { ...subject, cue: w[0] };
    }
    if (!isCue(w[0])) continue;
    if (PASSIVE.test(pre)) continue;
    if (PARTICIPLE.test(w[0])) {
      // The sentence's subject: the name that opens it, else its first person named before the participle.
      const opening = c.mentions.find((m) => m.start >= c.sentence.start && m.start - c.sentence.start <= QUOTE_DEFAULTS.openingChars && m.end <= offset + w.index);
      const subject = opening ?? c.mentions.find((m) => m.start >= c.sentence.start && m.end <= offset + w.index);
      if (subject) return { name: subject.canonical, person: true, cue: w[0] };
      continue;
    }
    const subject = subjectFrom(pre, offset, c, 'end');
    if (!subject) continue;
    // "he insisted that the United States does not recognise … “…”": a verb inside the clause of an
    // earlier cue, whose subject is no person, leaves the quotation to that earlier cue.
    if (!subject.person && words.slice(0, i).some((e) => isCue(e[0]) && /\bthat\b/u.test(text.slice(e.index, w.index)))) continue;
    // "dismissed the idea that … “…”": the words are what the speaker rejects (not after a colon:
    // "denied it: “…”" quotes the denial itself).
    const rejects = isRejecting(w[0]) && !/:[\s⁂]*$/u.test(text);
    return { ...subject, cue: w[0], ...(rejects ? { rejects } : {}) };
  }
  return null;
}

/** "… according to Mr Ushakov" anywhere in the sentence. */
function accordingTo(c: Context): Speaker | null {
  const s = c.masked.slice(c.sentence.start, c.sentence.end);
  const m = /according to\s+([^,.;:!?⁂]{2,60})/iu.exec(s);
  if (!m) return null;
  const subject = subjectFrom(m[1]!, c.sentence.start + m.index + m[0].length - m[1]!.length, c, 'start');
  return subject ? { ...subject, cue: 'according to' } : null;
}

/**
 * The speaker named by a phrase: a person mention, a pronoun, or a short noun phrase ("a source",
 * "the White House"). `text` starts at `offset` in the passage; `anchor` says which end of it touches
 * the cue ('end': the phrase comes before the cue; 'start': after it).
 */
function subjectFrom(text: string, offset: number, c: Context, anchor: 'start' | 'end'): Omit<Speaker, 'cue'> | null {
  const trimmed = anchor === 'end' ? text.replace(/[\s,]+$/u, '') : text.replace(/^[\s,]+/u, '');
  if (trimmed === '') return null;
  const absoluteStart = anchor === 'end' ? offset : offset + (text.length - trimmed.length);
  const absoluteEnd = absoluteStart + trimmed.length;
  // A person mention touching the cue, allowing an apposition ("Mr Bolton, the envoy,").
  const candidates = c.mentions.filter((m) => m.start >= absoluteStart - 1 && m.end <= absoluteEnd + 1 && !isPossessive(c, m));
  if (anchor === 'end') {
    const last = candidates[candidates.length - 1];
    if (last) {
      const between = c.passage.text.slice(last.end, absoluteEnd);
      if (/^['’]?s?\s*$/u.test(between) || isApposition(between)) return { name: last.canonical, person: true };
      if (/^\s*(?:and|or)\b/i.test(between)) return null;
    }
    const lastWord = /([\p{L}]+)$/u.exec(trimmed)?.[1]?.toLowerCase();
    if (lastWord && PRONOUNS.has(lastWord)) return { name: lastWord, person: false };
    return nounPhrase(trimmed, 'end');
  }
  const first = candidates[0];
  // "said 9/11 widow Terry Strada": a short role before the name, without a comma.
  const prefix = first ? c.passage.text.slice(absoluteStart, first.start) : '';
  if (first && !/[,;:]/u.test(prefix) && prefix.trim().split(/\s+/).filter(Boolean).length <= QUOTE_DEFAULTS.rolePrefixWords) return { name: first.canonical, person: true };
  const firstWord = /^([\p{L}]+)/u.exec(trimmed)?.[1]?.toLowerCase();
  if (firstWord && PRONOUNS.has(firstWord)) return { name: firstWord, person: false };
  return nounPhrase(trimmed, 'start');
}

const NP_STOP = /\b(?:that|which|who|and|but|because|if|when|while|as|after|before|since|although|though|so|then|it|this|there)\b/iu;
/** A short noun phrase naming a source: "a source", "the White House", "officials". */
function nounPhrase(text: string, anchor: 'start' | 'end'): Omit<Speaker, 'cue'> | null {
  const words = text.split(/\s+/).filter(Boolean);
  const take = anchor === 'end' ? words.slice(-QUOTE_DEFAULTS.phraseWords) : words.slice(0, QUOTE_DEFAULTS.phraseWords);
  let phrase = take.join(' ');
  if (anchor === 'end') {
    const cut = phrase.split(/[,;:]/u).pop()!.trim();
    phrase = cut;
    const stop = [...phrase.matchAll(new RegExp(NP_STOP.source, 'giu'))].pop();
    if (stop) phrase = phrase.slice(stop.index + stop[0].length).trim();
  } else {
    const stop = NP_STOP.exec(phrase);
    if (stop) phrase = phrase.slice(0, stop.index).trim();
  }
  if (!/^(?:the|a|an|one|two|three|several|many|some|other|another|his|her|their|its|our|[\p{Lu}])/u.test(phrase) && !/s$/u.test(phrase)) return null;
  if (phrase.split(/\s+/).length > QUOTE_DEFAULTS.phraseWords || phrase.length < 2 || /⁂/.test(phrase)) return null;
  if (/^(?:it|this|that|there|which|what)$/iu.test(phrase)) return null;
  return { name: phrase, person: false };
}

/** Resolves a pronoun speaker to the person who spoke last, or to the last compatible person named before. */
function resolveSpeaker(sp: Speaker, c: Context, lastSpeaker: string | null): Speaker | null {
  if (sp.person || !sp.name) return sp;
  if (!PRONOUNS.has(sp.name)) {
    // "the minister said": the article's one person who holds that role speaks.
    const holder = roleHolder(c.people, sp.name);
    return holder ? { ...sp, name: holder, person: true } : sp;
  }
  if (sp.name !== 'he' && sp.name !== 'she') return { ...sp, name: null };
  const gender = sp.name === 'he' ? 'male' : 'female';
  const fits = (name: string) => {
    const g = c.people.person(name)?.gender ?? null;
    return g === null || g === gender;
  };
  if (lastSpeaker && fits(lastSpeaker)) return { ...sp, name: lastSpeaker, person: true };
  const earlierInSentence = c.mentions.filter((m) => m.start >= c.sentence.start && m.start < c.sentence.end);
  const pool = [...c.history, ...earlierInSentence];
  for (let i = pool.length - 1; i >= 0; i--) if (fits(pool[i]!.canonical)) return { ...sp, name: pool[i]!.canonical, person: true };
  return { ...sp, name: null };
}

/**
 * The one person of an article who holds the role a speaker phrase names: "the minister" → the
 * person whose role is "Defence Minister"; "the NCA director" → the one whose role holds "NCA" and
 * "director". The phrase must be a determiner and words ending in a role noun; every word of it must be
 * in that person's role (as {@link ArticlePeople} read it). Null when nobody, or several people, fit.
 *
 * @example roleHolder(people, 'the minister') // 'Leyla Aksoy'
 */
export function roleHolder(people: ArticlePeople, phrase: string): string | null {
  const m = /^(?:the|our|their|its|his|her)\s+((?:[\p{L}’'.-]+\s+){0,3}[\p{L}-]+)$/iu.exec(phrase.trim());
  if (!m) return null;
  const words = m[1]!.toLowerCase().split(/\s+/);
  if (!ROLE_NOUNS.has(words[words.length - 1]!)) return null;
  const holders = people.holdersOf(m[1]!);
  return holders.length === 1 ? holders[0]! : null;
}

/**
 * Where, inside a report's content, a second report starts: ", and <person> said …" (a conjunction,
 * a person named, the cue). Offsets are in the sentence's `body`; null when there is none.
 */
function nextReport(body: string, from: number, to: number, c: Context): number | null {
  for (const m of body.slice(from, to).matchAll(/[,;]\s+(?:and|but|while|whereas)\s+/gu)) {
    const at = from + m.index + m[0].length;
    const window = /^[^,;]{0,80}/u.exec(body.slice(at, to))![0];
    const cue = [...window.matchAll(/[\p{L}]+/gu)].find((w) => w.index > 0 && REPORTING.has(w[0]));
    if (!cue) continue;
    const subject = subjectFrom(window.slice(0, cue.index).replace(BETWEEN, ''), c.sentence.start + at, c, 'end');
    if (subject?.person) return at;
  }
  return null;
}

/** Reported speech in a sentence without quotation marks. */
function attributeReported(c: Context): { text: string; speaker: Speaker | null; start: number; end: number }[] {
  const s = c.sentence;
  const text = c.passage.text.slice(s.start, s.end);
  const out: { text: string; speaker: Speaker | null; start: number; end: number }[] = [];
  const according = /,?\s*according to\s+([^,.;:!?]{2,60})[.!?]?$/iu.exec(text);
  const body = according ? text.slice(0, according.index) : text;
  if (according) {
    const who = subjectFrom(according[1]!, s.start + according.index + according[0].indexOf(according[1]!), c, 'start');
    if (who) out.push({ text: body.trim(), speaker: { ...who, cue: 'according to' }, start: s.start, end: s.start + body.length });
  }
  // X said (that) …; several in one sentence: "X said …, and Y said …".
  {
    let from = 0;
    for (const w of body.matchAll(/[\p{L}]+/gu)) {
      const cue = w[0];
      if (w.index < from || !REPORTING.has(cue)) continue;
      const pre = body.slice(from, w.index).replace(BETWEEN, '');
      if (PASSIVE.test(pre) || /\b(?:not|never|n[’']t)\s*$/u.test(body.slice(from, w.index))) continue;
      const subject = subjectFrom(pre, s.start + from, c, 'end');
      if (!subject) continue;
      let rest = body.slice(w.index + w[0].length);
      // "told the US envoy during their talks that …": skip the listener up to "that".
      const that = /^\s*(?:[^,.;:!?]{0,60}?\s)?that\s+/u.exec(rest);
      if (that) rest = rest.slice(that[0].length);
      // "said at a press conference …" reports no content; "told reporters" names only the listener.
      else if (cue === 'told' || cue === 'tells' || /^\s*(?:at|in|on|during|after|before|to|from|with|for|by|of|about|as|when|while|in a|on a)\b/u.test(rest)) continue;
      let content = rest.replace(/^[\s,:]+/u, '').replace(/[.!?\s]+$/u, '');
      const contentAt = body.indexOf(content, w.index);
      // ", and Gov. Tom Reilly said …": the next speaker's report ends this one.
      const next = nextReport(body, contentAt, contentAt + content.length, c);
      if (next !== null) content = body.slice(contentAt, next).replace(/[,;\s]+(?:and|but|while|whereas)?\s*$/u, '');
      if (content.split(/\s+/).length < QUOTE_DEFAULTS.minReportedWords) continue;
      const start = s.start + contentAt;
      out.push({ text: content, speaker: { ...subject, cue, ...(isRejecting(cue) ? { rejects: true } : {}) }, start, end: start + content.length });
      if (next === null) break;
      from = next;
    }
  }
  // …, a source said. / …, US national security adviser John Bolton said at a press conference.
  if (!out.some((q) => q.speaker?.cue !== 'according to')) {
    for (const w of body.matchAll(/[\p{L}]+/gu)) {
      if (!REPORTING.has(w[0])) continue;
      const comma = body.lastIndexOf(',', w.index);
      if (comma < 0) continue;
      const between = body.slice(comma + 1, w.index).replace(BETWEEN, '');
      if (between.trim().split(/\s+/).length > QUOTE_DEFAULTS.trailingSpeakerWords || /\bthat\b/u.test(body.slice(w.index))) continue;
      const subject = subjectFrom(between, s.start + comma + 1, c, 'end');
      const content = body.slice(0, comma).trim();
      if (!subject || content.split(/\s+/).length < QUOTE_DEFAULTS.minReportedWords) continue;
      out.push({ text: content, speaker: { ...subject, cue: w[0] }, start: s.start, end: s.start + content.length });
      break;
    }
  }
  return out;
}

function makeQuote(
  text: string,
  kind: Quote['kind'],
  speaker: Speaker | null,
  cite: Pick<Quote, 'articleId' | 'paragraph' | 'caption'>,
  mentions: readonly ResolvedMention[],
  start: number,
  end: number,
  people: ArticlePeople,
): Quote {
  const inside = [...new Set(mentions.filter((m) => m.start >= start && m.end <= end).map((m) => m.canonical))];
  const name = speaker?.name ?? null;
  return {
    speaker: name,
    // The comma of “…,” he said belongs to the sentence around the quotation, not to the words quoted.
    text: text.replace(/[,;:]+$/u, ''),
    speakerRole: speaker?.person && name ? people.person(name)?.role ?? null : null,
    kind,
    cue: speaker?.cue ?? null,
    ...cite,
    mentions: inside.filter((m) => m !== name),
    speakerIsPerson: speaker?.person ?? false,
    polarity: speaker?.rejects ? 'rejected' : 'asserted',
  };
}
