import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { NEWS_ACRONYMS } from '../../src/search/acronyms.js';
import { article } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

// Issue 16: an acronym finds its name and a name its acronym, from WordNet or the table of news acronyms.
const first = (engine: Engine, question: string) => engine.ask(question, { scope: SHARED }).results[0];
const twoParagraphs = (name: string) => article('aid', `Aid reaches the north\n\nThe army will send trucks to the north on Monday.\n\n${name} will send food to the north on Monday.\n`);

describe('acronyms and the names they stand for', () => {
  it.each([
    ['the UN', 'The United Nations'], ['the U.N.', 'The United Nations'], ['NATO', 'The North Atlantic Treaty Organization'],
    ['the ECB', 'The European Central Bank'], ['the UNHCR', 'The United Nations High Commissioner for Refugees'],
  ])('"What will %s send?" finds the paragraph that names %s', (asked, name) => {
    expect(first(new Engine([twoParagraphs(name)]), `What will ${asked} send?`)).toMatchObject({ paragraph: 2 });
  });

  it.each([
    ['the United Nations', 'The U.N.'], ['the United Nations', 'The UN'], ['the United States', 'The US'], ['the North Atlantic Treaty Organization', 'NATO'],
    ['the European Central Bank', 'The ECB'],
  ])('"What will %s send?" finds the paragraph that says %s', (asked, written) => {
    expect(first(new Engine([twoParagraphs(written)]), `What will ${asked} send?`)).toMatchObject({ paragraph: 2 });
  });

  it('keeps the table to acronyms (lower case, no dots) and the names they stand for', () => {
    for (const [acronym, name] of Object.entries(NEWS_ACRONYMS)) {
      expect(acronym).toMatch(/^[a-z0-9]+$/);
      expect(name.split(/\s+/).length).toBeGreaterThan(1);
    }
  });
});
