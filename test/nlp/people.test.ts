import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/knowledge/parse.js';
import { ArticlePeople, EntityMerger, sightingsOf } from '../../src/nlp/entities.js';
import { findPeople } from '../../src/nlp/people.js';
import { expandTitle, isRoleNoun, leadingTitles, titleRole, withoutTitles } from '../../src/nlp/titles.js';

/** The people of an article of these paragraphs: canonical name → role. */
function rolesOf(...paragraphs: string[]): Map<string, string | null> {
  const parsed = parseArticle('t', ['A headline', ...paragraphs].join('\n\n'));
  if (!parsed.ok) throw new Error('parse');
  const people = new ArticlePeople(parsed.value);
  return new Map(people.main().map((p) => [p.name, people.person(p.name)?.role ?? null]));
}

function peopleOf(...paragraphs: string[]): ArticlePeople {
  const parsed = parseArticle('t', ['A headline', ...paragraphs].join('\n\n'));
  if (!parsed.ok) throw new Error('parse');
  return new ArticlePeople(parsed.value);
}

describe('the title table', () => {
  it('knows full and abbreviated forms, with or without the dot', () => {
    for (const [word, full] of [['Gov.', 'governor'], ['Governor', 'governor'], ['Sen', 'senator'], ['Sgt', 'sergeant'], ['Gen.', 'general'], ['Supt', 'superintendent'], ['Cllr', 'councillor'], ['Insp.', 'inspector'], ['Det', 'detective'], ['Lt', 'lieutenant']]) {
      expect(expandTitle(word!), word).toBe(full);
    }
  });

  it('counts the leading titles of a name, leaving the name', () => {
    expect(leadingTitles(['Det', 'Insp', 'Mary', 'Quinn'])).toBe(2);
    expect(leadingTitles(['Lord', 'Justice', 'Pemberton'])).toBe(2);
    expect(leadingTitles(['Prime', 'Minister', 'Ana', 'Silva'])).toBe(2);
    // A prefix alone, or an ordinary word, before a short name is the name's.
    expect(leadingTitles(['Lance', 'Armstrong'])).toBe(0);
    expect(leadingTitles(['General', 'Electric'])).toBe(0);
    expect(leadingTitles(['Gen.', 'Okafor'])).toBe(1);
    expect(leadingTitles(['Sgt'])).toBe(0);
  });

  it('reads the office of a title as the role; a courtesy title is none', () => {
    expect(titleRole(['Det', 'Supt'])).toBe('detective superintendent');
    expect(titleRole(['Lady', 'Justice'])).toBe('judge');
    expect(titleRole(['Cllr'])).toBe('councillor');
    expect(titleRole(['Dr'])).toBeNull();
    expect(titleRole(['Mrs'])).toBeNull();
  });

  it('strips titles from a typed name, as /facts and /quote look names up', () => {
    expect(withoutTitles('Insp. Omar Vance')).toBe('Omar Vance');
    expect(withoutTitles('lord justice pemberton')).toBe('pemberton');
    expect(withoutTitles('Lance Armstrong')).toBe('Lance Armstrong');
  });

  it('knows role nouns from the lexicon and by their ending, and not ordinary words', () => {
    for (const w of ['negotiator', 'spokeswoman', 'pharmacist', 'MP', 'director', 'cleric', 'treasurer']) expect(isRoleNoun(w), w).toBe(true);
    for (const w of ['against', 'elevator', 'summit', 'weather', 'private']) expect(isRoleNoun(w), w).toBe(false);
  });

  it('knows WordNet\'s nouns for kinds of people written in lower case, not capitalised names nor adjectives', () => {
    for (const w of ['steward', 'midwife', 'lifeguard', 'curator', 'archbishop']) expect(isRoleNoun(w), w).toBe(true);
    for (const w of ['Carter', 'Baker', 'Mason', 'national', 'native', 'party', 'page', 'child']) expect(isRoleNoun(w), w).toBe(false);
    expect(rolesOf('Ward steward Ola Nwosu met lifeguard Tom Hale at the pool.')).toEqual(new Map([['Ola Nwosu', 'Ward steward'], ['Tom Hale', 'lifeguard']]));
  });
});

describe('titles are no part of a name', () => {
  it('gives the name without its title, and the title as the role', () => {
    const roles = rolesOf('Cllr Nadia Brooks and Insp. Omar Vance opened the depot. Lt Gen. Ruth Tanaka sent a message.', 'Mrs Justice Whitfield adjourned the hearing; Commissioner Hugo Barre said nothing.');
    expect(roles.get('Nadia Brooks')).toBe('councillor');
    expect(roles.get('Omar Vance')).toBe('inspector');
    expect(roles.get('Ruth Tanaka')).toBe('lieutenant general');
    expect(roles.get('Whitfield')).toBe('judge');
    expect(roles.get('Hugo Barre')).toBe('commissioner');
  });

  it('keeps a US legislator\'s party and state with the title', () => {
    const roles = rolesOf('Rep. Dana Whitt (R-Ohio) and Sen. Paul Ortega, D-Ariz., voted against the bill.');
    expect(roles.get('Dana Whitt')).toBe('representative (R-Ohio)');
    expect(roles.get('Paul Ortega')).toBe('senator (D-Ariz.)');
  });

  it('finds the name in the mention, with its title as written', () => {
    const [m] = findPeople('Det Supt Kieran Walsh led the search.');
    expect(m).toMatchObject({ name: 'Kieran Walsh', text: 'Det Supt Kieran Walsh', title: 'Det Supt' });
  });
});

describe('roles from appositions and pre-modifiers', () => {
  it('reads a role written before the name', () => {
    const roles = rolesOf('Green Party councillor Iris Mbeki backed the plan, and Norwegian climate envoy Lars Dahl agreed.', 'Kenyan negotiator Amina Odhiambo left early.');
    expect(roles.get('Iris Mbeki')).toBe('Green Party councillor');
    expect(roles.get('Lars Dahl')).toBe('Norwegian climate envoy');
    expect(roles.get('Amina Odhiambo')).toBe('Kenyan negotiator');
  });

  it('reads a role in an apposition after the name, with or without an article', () => {
    const roles = rolesOf('Omar Haidari, ICRC spokesman, said the convoy was delayed.', 'Mr Lindqvist, the town\'s harbour master, disagreed, and Greta Holm, 52, a pharmacist in Malmo, said so too.', 'Paula Reyes, a historian who has studied the port, was not surprised.');
    expect(roles.get('Omar Haidari')).toBe('ICRC spokesman');
    expect(roles.get('Lindqvist')).toBe('the town\'s harbour master');
    expect(roles.get('Greta Holm')).toBe('pharmacist in Malmo');
    expect(roles.get('Paula Reyes')).toBe('historian');
  });

  it('reads a role in an apposition before the name', () => {
    const roles = rolesOf('The interim finance director of Corvel Mining, Ms Tessa Grant, resigned.', 'Deputy head of the tribunal, Samuel Achebe, read the verdict.');
    expect(roles.get('Tessa Grant')).toBe('interim finance director of Corvel Mining');
    expect(roles.get('Samuel Achebe')).toBe('Deputy head of the tribunal');
  });

  it('gives no role where the words are no role of the person', () => {
    const roles = rolesOf('After meeting the governor, Lena Park said she was hopeful.', 'Voters who prefer Liberal candidate Jon Ames were fewer, polls found, by inviting critic Kate Moss.');
    expect(roles.get('Lena Park')).toBeNull();
    expect(roles.get('Jon Ames')).toBe('Liberal candidate');
    expect(roles.get('Kate Moss')).toBe('critic');
  });

  it('ends a name at a sentence\'s full stop, but not at an initial, an abbreviation or a title', () => {
    const names = (text: string) => findPeople(text).map((m) => m.name);
    expect(names('The panel heard Dr Felix Amsel. Mr Kofi Mensah spoke next.')).toEqual(['Felix Amsel', 'Kofi Mensah']);
    expect(names('They met John Smith. Then Mrs. Jane Doe left.')).toEqual(['John Smith', 'Jane Doe']);
    expect(names('Sen. Bob Corker and George W. Bush met Martin Luther King Jr. on Monday.')).toEqual(['Bob Corker', 'George W Bush', 'Martin Luther King Jr']);
  });

  it('takes no nationality, dateline or possessive for a name', () => {
    const roles = rolesOf('NAIROBI — Ugandan officials met Nigeria\'s trade minister Bola Adeyemi, and a Malaysian said nothing.', 'The prize went to Irish Niamh Byrne; Scottish Ewan Reid was second.');
    expect([...roles.keys()].sort()).toEqual(['Bola Adeyemi', 'Ewan Reid', 'Niamh Byrne']);
    expect(roles.get('Bola Adeyemi')).toBe('Nigeria\'s trade minister');
    expect([...rolesOf('MARION FALLS, Ore. — County officials said the mill would close.').keys()]).toEqual([]);
  });

  it('names the organisations that roles are held in', () => {
    const parsed = parseArticle('t', 'A headline\n\nThe acting head of Brightwater Energy, Carl Odum, said prices would rise. WFP director Ines Moreau agreed.');
    if (!parsed.ok) throw new Error('parse');
    const organisations = new EntityMerger().add(sightingsOf(parsed.value, new ArticlePeople(parsed.value))).entities().filter((e) => e.type === 'organisation').map((e) => e.name);
    expect(organisations).toContain('Brightwater Energy');
    expect(organisations).toContain('WFP');
  });
});

describe('ArticlePeople.holdersOf', () => {
  const people = peopleOf('Lithuanian foreign minister Rasa Kalnins met Gen. Tomas Berg.', 'Omar Haidari, ICRC spokesman, said the talks went well; the minister agreed.');

  it('says who holds a role noun, titles read in full', () => {
    expect(people.holdersOf('minister')).toEqual(['Rasa Kalnins']);
    expect(people.holdersOf('the foreign minister')).toEqual(['Rasa Kalnins']);
    expect(people.holdersOf('spokesman')).toEqual(['Omar Haidari']);
    expect(people.holdersOf('ICRC spokesman')).toEqual(['Omar Haidari']);
    expect(people.holdersOf('Gen.')).toEqual(['Tomas Berg']);
    expect(people.holdersOf('general')).toEqual(['Tomas Berg']);
  });

  it('is empty when nobody holds it', () => {
    expect(people.holdersOf('judge')).toEqual([]);
    expect(people.holdersOf('')).toEqual([]);
  });
});

describe('names written family name first, and place names that look like names', () => {
  it('gives "Choi said" to Choi Min-jun, named in full before, and keeps him one person', () => {
    const people = peopleOf('Trade envoy Choi Min-jun arrived in Busan on Monday.', '"We are close to a deal," Choi said.');
    expect(people.canonical('Choi')).toBe('Choi Min-jun');
    expect(people.main().map((p) => p.name)).toEqual(['Choi Min-jun']);
  });

  it('leaves a shared family name alone: two Chois in full, "Choi said" is neither', () => {
    const people = peopleOf('Choi Min-jun met Choi Ji-woo in Seoul.', 'Choi said the talks went well.');
    expect(['Choi Min-jun', 'Choi Ji-woo']).not.toContain(people.canonical('Choi'));
  });

  it('reads hyphenated place names as places, not people, and hyphenated given names as people', () => {
    const parsed = parseArticle('t', 'A headline\n\nFloods reached Châlons-en-Champagne and Stratford-upon-Avon on Tuesday, said mayor Jean-Paul Roux.');
    if (!parsed.ok) throw new Error('parse');
    const entities = new EntityMerger().add(sightingsOf(parsed.value, new ArticlePeople(parsed.value))).entities();
    const people = entities.filter((e) => e.type === 'person').map((e) => e.name);
    expect(people).not.toContain('Châlons-en-Champagne');
    expect(people).not.toContain('Stratford-upon-Avon');
    expect(people).toContain('Jean-Paul Roux');
  });
});
