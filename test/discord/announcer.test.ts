import { readFileSync } from 'node:fs';
import { PermissionFlagsBits as P } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { pickTag, threadName } from '../../src/discord/announcer.js';

const tag = (name: string, moderated = false) => ({ id: name.toLowerCase().replace(/\W/g, ''), name, moderated });

describe('thread names', () => {
  it('keeps a title that fits, and cuts a long one on a word boundary within 100 characters', () => {
    expect(threadName('Museum returns stolen painting')).toBe('Museum returns stolen painting');
    const long = 'Regional transport authority publishes its long awaited review of rural bus routes, fares and timetables for the coming decade';
    const cut = threadName(long);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toBe('Regional transport authority publishes its long awaited review of rural bus routes, fares and…');
    expect(threadName('x'.repeat(150))).toHaveLength(100);
    expect(threadName('   ')).toBe('Article');
    expect(threadName('a'.repeat(100))).toBe('a'.repeat(100));
    // Never half an emoji at the cut (a UTF-16 surrogate pair split at 99 units).
    expect(threadName(`${'x'.repeat(98)}🎉🎉 after the emoji`)).toBe(`${'x'.repeat(98)}…`);
  });
});

describe('forum tags', () => {
  const tags = [tag('Sport'), tag('Local News'), tag('Reuters'), tag('News', true)];
  it('takes the tag named as the feed, its publisher or its site, without case or accents', () => {
    expect(pickTag(tags, ['local news'], false)?.name).toBe('Local News');
    expect(pickTag(tags, ['World', null, 'reuters'], false)?.name).toBe('Reuters');
    expect(pickTag([tag('Zürich Today')], ['ZURICH TODAY'], false)?.name).toBe('Zürich Today');
  });
  it('else a tag whose words are in a name, the longest; none when nothing matches, unless the forum requires one', () => {
    expect(pickTag(tags, ['Local News - Politics'], false)?.name).toBe('Local News');
    expect(pickTag(tags, ['The Daily Planet'], false)).toBeNull();
    expect(pickTag([tag('Staff', true), tag('Wire')], ['The Daily Planet'], true)?.name).toBe('Wire');
    // Whole words only: "Sport" is not in "Sportsweek".
    expect(pickTag(tags, ['Sportsweek'], false)).toBeNull();
  });
});

describe('the README\'s invitation', () => {
  it('asks for exactly the permissions announcements need, threads and forums included', () => {
    const needed = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.CreatePublicThreads | P.SendMessagesInThreads;
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`&permissions=${needed}\``);
    expect(needed).toBe(309237664768n);
  });
});
