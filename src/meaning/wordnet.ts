import { createRequire } from 'node:module';
import { acronymTerm, isDotted, termOf } from '../search/tokenize.js';
import type { Bundle } from './bundle.js';
import { POINTERS } from './build.js';
import { idsOf } from './vectors.js';

/** How a related word relates to the word asked about. */
export type Relation = 'lemma' | 'synonym' | 'derived' | 'broader' | 'narrower' | 'similar';

/** A word related by meaning, with the closest relation found. */
export interface Related {
  readonly word: string;
  /** Its index term (stemmed, as search/tokenize.ts makes them), or null for a stop word; worked out
   *  once with the relations, since every question with the word needs it. */
  readonly term: string | null;
  readonly relation: Relation;
}

/** Tuning for {@link WordNet.related}. */
export const WORDNET_DEFAULTS = Object.freeze({
  /** Senses of a word followed, most frequent first (WordNet orders them by corpus counts). Rare
   *  senses link ordinary words to odd ones ("fire" → "can"); 3 keeps the common meanings. 1-10. */
  senses: 3,
  /** Narrower words taken per sense: "monkey" → "macaque", but "city" has dozens. 0-100. */
  narrower: 25,
  /** Words whose relations are kept once looked up (questions reuse words); the oldest go first. */
  remembered: 20_000,
});

const KIND: Readonly<Record<number, Relation>> = {
  [POINTERS['@']!]: 'broader',
  [POINTERS['@i']!]: 'broader',
  [POINTERS['~']!]: 'narrower',
  [POINTERS['~i']!]: 'narrower',
  [POINTERS['+']!]: 'derived',
  [POINTERS['\\']!]: 'derived',
  [POINTERS['<']!]: 'derived',
  [POINTERS['=']!]: 'derived',
  [POINTERS['&']!]: 'similar',
  [POINTERS.$!]: 'similar',
  [POINTERS['^']!]: 'similar',
};
/** When a word is reached twice, the closer relation wins. */
const CLOSENESS: Readonly<Record<Relation, number>> = { lemma: 0, synonym: 1, derived: 2, similar: 3, narrower: 4, broader: 5 };

interface Lemmatizer {
  noun(word: string): string;
  verb(word: string): string;
  adjective(word: string): string;
}

let lemmatizer: Lemmatizer | undefined;
/** wink-lemmatizer: WordNet's morphology ("went" → "go", "cities" → "city") with its exception lists. */
function lemmatizerOnce(): Lemmatizer {
  lemmatizer ??= createRequire(import.meta.url)('wink-lemmatizer') as Lemmatizer;
  return lemmatizer;
}

/** WordNet's tables as the bundle holds them (see meaning/build.ts), with each lemma's id. */
interface Tables {
  readonly ids: Map<string, number>;
  readonly lemmas: string[];
  readonly lemmaSenseStart: Uint32Array;
  readonly senses: Uint32Array;
  readonly senseRanks: Uint8Array;
  readonly synsetWordStart: Uint32Array;
  readonly synsetWords: Uint32Array;
  readonly synsetPointerStart: Uint32Array;
  readonly pointerTargets: Uint32Array;
  readonly pointerInfo: Uint32Array;
}

/**
 * WordNet 3.1 read from the language-resource cache: which words are English, and the words related
 * to a word by meaning (synonyms, derivations, broader and narrower terms).
 *
 * @example wordnet.related('sacked').map((r) => r.word) // includes 'fire', 'dismiss'
 */
export class WordNet {
  private readonly options: typeof WORDNET_DEFAULTS;
  private readonly memo = new Map<string, readonly Related[]>();
  private loaded: Tables | undefined;

  /** `bundle`'s sections are read at the first call that needs them (see meaning/bundle.ts, openBundle). */
  constructor(private readonly bundle: Bundle, options: Partial<typeof WORDNET_DEFAULTS> = {}) {
    this.options = { ...WORDNET_DEFAULTS, ...options };
  }

  /** WordNet's arrays, read from the bundle the first time (a map of 150,000 lemmas). */
  private get tables(): Tables {
    if (this.loaded) return this.loaded;
    const b = this.bundle;
    const lemmas = b.strings('lemmas');
    this.loaded = {
      lemmas,
      ids: idsOf(lemmas),
      lemmaSenseStart: b.array('lemmaSenseStart', 'Uint32Array'),
      senses: b.array('senses', 'Uint32Array'),
      senseRanks: b.array('senseRanks', 'Uint8Array'),
      synsetWordStart: b.array('synsetWordStart', 'Uint32Array'),
      synsetWords: b.array('synsetWords', 'Uint32Array'),
      synsetPointerStart: b.array('synsetPointerStart', 'Uint32Array'),
      pointerTargets: b.array('pointerTargets', 'Uint32Array'),
      pointerInfo: b.array('pointerInfo', 'Uint32Array'),
    };
    return this.loaded;
  }

  /** Whether WordNet has this lemma (lower-case; multi-word lemmas with spaces). */
  has(lemma: string): boolean {
    return this.tables.ids.has(lemma);
  }

  /**
   * The WordNet lemmas a word form can be: itself, and its noun, verb and adjective base forms
   * ("sent" → "send", "cities" → "city"). Empty when it is no English word.
   */
  lemmasOf(word: string): string[] {
    const t = this.tables;
    const out = new Set<string>();
    if (t.ids.has(word)) out.add(word);
    if (!/^[a-z][a-z'-]*$/.test(word)) return [...out];
    const l = lemmatizerOnce();
    for (const base of [l.noun(word), l.verb(word), l.adjective(word)]) if (base !== word && t.ids.has(base)) out.add(base);
    return [...out];
  }

  /** Loads the tables and the morphology now (about a second) rather than at the first question. */
  warm(): void {
    void this.tables;
    lemmatizerOnce();
  }

  /**
   * Single words related to `word` by meaning, the closest relation first kept: its base forms
   * ("lemma"), words of the same synsets ("synonym"), derivations ("criticise" / "criticism"),
   * similar adjectives and verb groups, narrower and broader terms. Only the first
   * {@link WORDNET_DEFAULTS.senses} senses of each base form are followed.
   */
  related(word: string): readonly Related[] {
    const known = this.memo.get(word);
    if (known) return known;
    const found = this.lookUp(word);
    this.memo.set(word, found);
    if (this.memo.size > this.options.remembered) this.memo.delete(this.memo.keys().next().value!);
    return found;
  }

  private lookUp(word: string): Related[] {
    const t = this.tables;
    const found = new Map<string, Relation>();
    const add = (lemmaId: number, relation: Relation) => {
      const w = t.lemmas[lemmaId]!;
      if (w === word || w.includes(' ')) return;
      const had = found.get(w);
      if (had === undefined || CLOSENESS[relation] < CLOSENESS[had]) found.set(w, relation);
    };
    for (const base of this.lemmasOf(word)) {
      const id = t.ids.get(base)!;
      if (base !== word) add(id, 'lemma');
      for (let k = t.lemmaSenseStart[id]!; k < t.lemmaSenseStart[id + 1]!; k++) {
        if (t.senseRanks[k]! >= this.options.senses) continue;
        const synset = t.senses[k]!;
        const words = t.synsetWords.subarray(t.synsetWordStart[synset], t.synsetWordStart[synset + 1]);
        const position = words.indexOf(id) + 1; // 1-based, as lexical pointers number their words
        for (const w of words) add(w, 'synonym');
        let narrower = 0;
        for (let p = t.synsetPointerStart[synset]!; p < t.synsetPointerStart[synset + 1]!; p++) {
          const info = t.pointerInfo[p]!;
          const relation = KIND[info >>> 16];
          if (!relation) continue;
          const source = (info >>> 8) & 0xff;
          const target = info & 0xff;
          // A lexical pointer links one word of the synset to one word of another; follow only ours.
          if (source !== 0 && source !== position) continue;
          if (relation === 'narrower' && ++narrower > this.options.narrower) continue;
          const to = t.pointerTargets[p]!;
          const targetWords = t.synsetWords.subarray(t.synsetWordStart[to], t.synsetWordStart[to + 1]);
          if (target !== 0) add(targetWords[target - 1]!, relation);
          else for (const w of targetWords) add(w, relation);
        }
      }
    }
    // "u.s." is the index word "us", which as an acronym is no stop word (search/tokenize.ts).
    return [...found.entries()].map(([w, relation]) => ({ word: w, term: isDotted(w) ? acronymTerm(w) : termOf(w), relation })).sort((a, b) => CLOSENESS[a.relation] - CLOSENESS[b.relation]);
  }

  /**
   * The names of several words in the synsets of a word's first {@link WORDNET_DEFAULTS.senses}
   * senses: what an acronym stands for ("un" → "united nations", "nato" → "north atlantic treaty
   * organization"). {@link related} gives single words only.
   */
  phrases(word: string): string[] {
    const t = this.tables;
    const id = t.ids.get(word);
    if (id === undefined) return [];
    const out = new Set<string>();
    for (let k = t.lemmaSenseStart[id]!; k < t.lemmaSenseStart[id + 1]!; k++) {
      if (t.senseRanks[k]! >= this.options.senses) continue;
      const synset = t.senses[k]!;
      for (const w of t.synsetWords.subarray(t.synsetWordStart[synset], t.synsetWordStart[synset + 1])) {
        const lemma = t.lemmas[w]!;
        if (lemma.includes(' ')) out.add(lemma);
      }
    }
    return [...out];
  }
}
