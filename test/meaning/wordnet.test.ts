import { describe, expect, it } from 'vitest';
import { parseWordNet } from '../../src/meaning/build.js';
import { isMeaning, loadMeaning } from '../../src/meaning/index.js';

// A two-synset extract in WordNet's own format (wndb(5WN)): "sack" and "fire" share a sense; "fire"
// has a derivation to "firing" (lexical pointer from word 1 to word 1).
const DATA_VERB = [
  '  1 This software and database is being provided to you, the LICENSEE, by',
  '00000001 41 v 03 fire 0 sack 0 give_the_axe 0 002 @ 00000002 v 0000 + 00000003 n 0101 | terminate the employment of',
  '00000002 41 v 01 terminate 0 000 | bring to an end',
].join('\n');
const DATA_NOUN = '00000003 04 n 01 firing 0 001 + 00000001 v 0101 | the act of firing';
const INDEX_VERB = ['fire v 1 2 @ + 1 0 00000001  ', 'sack v 1 1 @ 1 0 00000001  ', 'give_the_axe v 1 1 @ 1 0 00000001  ', 'terminate v 1 0 1 0 00000002  '].join('\n');
const INDEX_NOUN = 'firing n 1 1 + 1 0 00000003  ';
const files: Record<string, string> = { 'data.verb': DATA_VERB, 'data.noun': DATA_NOUN, 'index.verb': INDEX_VERB, 'index.noun': INDEX_NOUN, 'data.adj': '', 'data.adv': '', 'index.adj': '', 'index.adv': '' };

describe('parseWordNet (WordNet database files to arrays)', () => {
  const wn = parseWordNet((name) => files[name] ?? '');

  it('lists every lemma once, lower-case, multi-word lemmas with spaces', () => {
    expect([...wn.lemmas].sort()).toEqual(['firing', 'fire', 'give the axe', 'sack', 'terminate'].sort());
  });

  it('gives each lemma its synsets and each synset its words and pointers', () => {
    const fire = wn.lemmas.indexOf('fire');
    const senses = wn.senses.subarray(wn.lemmaSenseStart[fire], wn.lemmaSenseStart[fire + 1]);
    expect(senses).toHaveLength(1);
    const synset = senses[0]!;
    const words = [...wn.synsetWords.subarray(wn.synsetWordStart[synset], wn.synsetWordStart[synset + 1])].map((id) => wn.lemmas[id]);
    expect(words).toEqual(['fire', 'sack', 'give the axe']);
    const pointers = wn.synsetPointerStart[synset + 1]! - wn.synsetPointerStart[synset]!;
    expect(pointers).toBe(2);
  });
});

// The real resources, built by `npm install` (postinstall) or the test set-up.
const meaning = loadMeaning();
describe.skipIf(!isMeaning(meaning))('WordNet and word vectors from the cache', () => {
  const { wordnet, vectors } = meaning as Exclude<typeof meaning, { code: string }>;

  it('knows English words in any inflection, and not misspellings', () => {
    for (const w of ['long', 'lone', 'went', 'cities', 'sacked', 'criticised', 'summit']) expect(wordnet.lemmasOf(w).length, w).toBeGreaterThan(0);
    for (const w of ['sumit', 'helsinky', 'electon', 'medling', 'infantno']) expect(wordnet.lemmasOf(w), w).toEqual([]);
    expect(wordnet.lemmasOf('went')).toContain('go');
  });

  it('relates words of the same meaning: synonyms, derivations, base forms', () => {
    const related = (w: string) => new Map(wordnet.related(w).map((r) => [r.word, r.relation]));
    expect(related('sacked').get('fire')).toBe('synonym');
    expect(related('sent').get('send')).toBe('lemma');
    expect(related('criticise').get('criticism')).toBe('derived');
    expect(related('monkey').has('primate')).toBe(true);
  });

  it('puts words of one meaning close together and unrelated words apart', () => {
    const sim = (a: string, b: string) => vectors.similarity(vectors.id(a), vectors.id(b));
    expect(sim('polls', 'election')).toBeGreaterThan(0.7);
    expect(sim('summit', 'meeting')).toBeGreaterThan(0.7);
    expect(sim('summit', 'banana')).toBeLessThan(0.3);
    expect(vectors.id('helsinky')).toBe(-1);
  });
});
