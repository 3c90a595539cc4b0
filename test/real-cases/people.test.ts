import { runPilcrow } from '../cli/run.js';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempFolder } from '../fixtures.js';
import { hasCase, REAL_CASES } from './site.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

interface EntityJson { name: string; type: string; aliases: string[]; role: string | null }

/** `pilcrow facts [NAME] --json --knowledge <case>/kb`, with a state of its own. */
async function facts(name: string, args: string[] = []): Promise<EntityJson[]> {
  const t = tempFolder({});
  cleanup.push(t.cleanup);
  const r = await runPilcrow(['facts', ...(name ? [name] : []), '--json', '--knowledge', join(REAL_CASES, 'lang-15', 'kb'), ...args], { DATA_DIR: join(t.dir, 'data') });
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { entities: EntityJson[] }).entities;
}

describe.skipIf(!hasCase('lang-15'))('lang-15: people introduced with titles and roles', () => {
  // expected.txt, "facts, people (name; role)": a title is no part of a name, and stays as the role.
  const PEOPLE: readonly [name: string, role: string, alias: string | null][] = [
    ['Rosa Delaney', 'Labour MP', null],
    ['Felix Amsel', 'acting chief executive of Harbour Analytics', 'Dr Felix Amsel'],
    ['Will Carver', 'NCA director', null],
    ['Hartley', 'judge', 'Mr Justice Hartley'],
    ['Dan Okoro', 'sergeant', 'Sgt Dan Okoro'],
    ['Maria Lopez', 'senator (D-N.M.)', 'Sen. Maria Lopez'],
    ['Tom Reilly', 'governor', 'Gov. Tom Reilly'],
  ];

  it('facts --json: every person by name, with the role the text gives; the organisations their roles name', async () => {
    const entities = await facts('');
    const people = entities.filter((e) => e.type === 'person');
    expect(people.map((p) => [p.name, p.role]).sort()).toEqual(PEOPLE.map(([name, role]) => [name, role]).sort());
    for (const [name, , alias] of PEOPLE) if (alias) expect(people.find((p) => p.name === name)!.aliases).toContain(alias);
    const organisations = entities.filter((e) => e.type === 'organisation').map((e) => e.name);
    expect(organisations).toContain('Harbour Analytics');
    expect(organisations).toContain('NCA');
    // No nationality, place or dateline is a person ("the British").
    expect(people.map((p) => p.name)).not.toContain('British');
  });

  it('facts NAME: each card has its role, asked by name, by surname or with the title', async () => {
    for (const [name, role, alias] of PEOPLE) {
      for (const asked of [name, name.split(' ').pop()!, ...(alias ? [alias] : [])]) {
        const [card] = await facts(asked);
        expect(card, asked).toMatchObject({ name, type: 'person', role });
      }
    }
    // The card as text: the name, then the role.
    const t = tempFolder({});
    cleanup.push(t.cleanup);
    const r = await runPilcrow(['facts', 'Sgt Dan Okoro', '--knowledge', join(REAL_CASES, 'lang-15', 'kb')], { DATA_DIR: join(t.dir, 'data') });
    expect(r.out.split('\n')[0]).toBe('Dan Okoro [person], sergeant');
  });
});
