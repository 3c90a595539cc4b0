/**
 * Question analysis (src/search/query.ts): which words of a question are read as names when people
 * type without capitals, as they do in Discord.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { buildArticle } from '../../src/knowledge/parse.js';
import { isMeaning, loadMeaning } from '../../src/meaning/index.js';
import { SHARED } from '../../src/model/scope.js';

const loaded = loadMeaning();
const meaning = isMeaning(loaded) ? loaded : null;

function article(id: string, title: string, paragraphs: readonly string[]) {
  const r = buildArticle(id, { title, paragraphs, captions: [] });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe.skipIf(meaning === null)('lower-case names in questions', () => {
  const engine = new Engine([
    article('tennis', 'Bouchard out in London', [
      'Eugenie Bouchard lost in the second round in London on Tuesday, and flew home from London on Wednesday.',
      'Bouchard was a semi-finalist last year, and her coach said the dog days would pass.',
    ]),
  ], { meaning });
  const names = (question: string) => engine.rankQuestion(question, { scope: SHARED, limit: 1 }).query.terms.filter((t) => t.name).map((t) => t.word);

  it('reads a word the dictionary does not know, typed in lower case, as a name', () => {
    expect(names('why has bouchard been losing so much lately')).toEqual(['bouchard']);
  });

  it('reads a place the articles write as a name as one, even when it is an English word', () => {
    expect(names('what happened in london')).toEqual(['london']);
  });

  it('leaves English words of the articles alone', () => {
    expect(names('what did her coach say about the dog days')).toEqual([]);
  });
});
