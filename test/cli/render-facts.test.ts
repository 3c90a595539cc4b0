import { describe, expect, it } from 'vitest';
import { renderFactsText } from '../../src/cli/render.js';
import type { Entity } from '../../src/engine/index.js';

const titles: Record<string, string> = { a: 'Storm hits coast', b: 'Council meets', c: 'Bridge reopens', d: 'Port closes', e: 'Ferry returns' };
const titleOf = (id: string) => titles[id] ?? id;
const entity = (mentions: [string, number | null, number | null][]): Entity => ({
  name: 'Cornwall', type: 'place', role: null, gender: null, aliases: [], mentions: mentions.map(([articleId, paragraph, caption]) => ({ articleId, paragraph, caption })),
} as unknown as Entity);

describe('pilcrow facts: where each entity is mentioned', () => {
  it('cites each ¶ under its article\'s title, in the order of the mentions', () => {
    expect(renderFactsText([entity([['a', 1, null], ['a', 3, null], ['b', 2, null], ['a', null, 1]])], titleOf)).toBe('Cornwall [place]: Storm hits coast ¶1 ¶3 photo caption 1; Council meets ¶2');
  });

  it('lists the first three articles and counts the others', () => {
    const line = renderFactsText([entity([['a', 1, null], ['b', 1, null], ['c', 4, null], ['d', 2, null], ['e', 9, null], ['d', 5, null]])], titleOf);
    expect(line).toBe('Cornwall [place]: Storm hits coast ¶1; Council meets ¶1; Bridge reopens ¶4; and 2 more articles');
    expect(renderFactsText([entity([['a', 1, null], ['b', 1, null], ['c', 4, null], ['d', 2, null]])], titleOf)).toMatch(/; and 1 more article$/);
  });
});
