import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { QuoteBook } from '../../src/nlp/book.js';
import type { Entity } from '../../src/nlp/entities.js';
import type { Quote } from '../../src/nlp/quotes.js';
import { ArticleStore } from '../../src/store/store.js';
import { article, seedArticle, seedEngineOnce } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

const engine = seedEngineOnce();

describe('quote(who)', () => {
  it.each(['putin', 'Mr Putin', 'puttin', 'Vladimir Putin'])('finds Vladimir Putin for "%s"', async (who) => {
    expect((await engine.quote(who, '', SHARED)).person).toBe('Vladimir Putin');
  });

  it('lists what the person said first, direct before reported, then what mentions them', async () => {
    const relations = (await engine.quote('Putin', '', SHARED)).quotes.map((q) => q.relation);
    expect(relations).toContain('mentions');
    expect(relations.slice(relations.indexOf('mentions'))).not.toContain('by');
    const r = await engine.quote('Bolton', '', SHARED);
    const by = r.quotes.filter((q) => q.relation === 'by');
    expect(by.every((q) => q.speaker === 'John Bolton')).toBe(true);
    expect(by.map((q) => q.kind)).toEqual([...by.map((q) => q.kind)].sort());
    expect(by.some((q) => q.text === 'sanctions will stay in place')).toBe(true);
  });

  it('labels a quotation that only mentions the person as "mentions", never as said by them', async () => {
    const r = await engine.quote('Putin', '', SHARED);
    expect(r.quotes.filter((q) => q.relation === 'by').map((q) => q.text)).toEqual(['Russia did not meddle in the 2016 election']);
    expect(r.quotes.filter((q) => q.relation === 'mentions').every((q) => q.speaker !== 'Vladimir Putin')).toBe(true);
  });

  it('treats words that are not a name as words to find in quotations', async () => {
    const r = await engine.quote('sanctions', '', SHARED);
    expect(r.person).toBeNull();
    expect(r.quotes.map((q) => q.text)).toEqual(['sanctions will stay in place']);
  });

  it('narrows with about', async () => {
    const r = await engine.quote('Bolton', 'World Cup', SHARED);
    expect(r.quotes.map((q) => q.text)).toEqual(['handled the World Cup so successfully']);
  });
});

describe('facts', () => {
  it('gives people their roles and merges their aliases', async () => {
    const people = (await engine.entities(SHARED)).filter((e) => e.type === 'person');
    expect(people.find((e) => e.name === 'John Bolton')).toMatchObject({ role: 'US national security adviser', aliases: ['Mr Bolton'] });
    expect(people.find((e) => e.name === 'Gianni Infantino')!.role).toBe('Fifa head');
    expect(people.find((e) => e.name === 'Yury Ushakov')!.role).toBe('Russian presidential aide');
    expect(people.map((e) => e.name)).not.toContain('Daily Telegraph');
  });

  it('knows the Kremlin is a place and the Daily Telegraph an organisation', async () => {
    const all = await engine.entities(SHARED);
    expect(all.find((e) => e.name === 'Kremlin')?.type).toBe('place');
    expect(all.find((e) => e.name === 'Daily Telegraph')?.type).toBe('organisation');
    expect(all.find((e) => e.name === 'United States')!.aliases).toContain('US');
    expect(all.filter((e) => e.type === 'place').map((e) => e.name)).not.toContain('Ukraine, Syria');
    expect(all.find((e) => e.name === 'Syria')?.type).toBe('place');
  });

  it('cites every mention', async () => {
    const card = (await engine.facts('Ushakov', SHARED))!;
    expect(card.entity.mentions.map((m) => m.paragraph)).toEqual([4, 13]);
    expect(card.sentences[0]!.text).toMatch(/^Russian presidential aide Yury Ushakov said/);
    expect(card.quotes.length).toBeGreaterThan(0);
  });

  it('says nothing about a name the articles do not have', async () => {
    expect(await engine.facts('Angela Merkel', SHARED)).toBeNull();
  });
});

describe('any name (property tests)', () => {
  it('quote and facts never throw and only return what they were asked about', async () => {
    const { default: fc } = await import('fast-check');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('', ' ', 'Mr', '.*', '(a+)+$', '🙂', 'pu', 'Mr. ', 'ПУТИН', 'the')), async (who) => {
        const r = await engine.quote(who, who, SHARED);
        expect(r.query).toBe(who);
        for (const q of r.quotes) expect(['by', 'mentions']).toContain(q.relation);
        const card = await engine.facts(who, SHARED);
        if (card) expect(card.entity.mentions.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a large book', () => {
  const SPEAKERS = ['Ann Lee', 'Bob Stone', 'Cara Diaz', 'Dev Patel'];
  const quotes: Quote[] = Array.from({ length: 3000 }, (_, k) => ({
    speaker: SPEAKERS[k % 4]!, speakerRole: null, text: `The bridge ${k} will open in spring, and ${SPEAKERS[(k + 1) % 4]} agrees`, kind: k % 3 === 0 ? 'reported' : 'direct',
    cue: 'said', articleId: `a${k % 50}`, paragraph: 1 + (k % 7), caption: null, mentions: [], speakerIsPerson: true, polarity: 'asserted',
  }));
  const entities: Entity[] = SPEAKERS.map((name) => ({ name, type: 'person', aliases: [name.split(' ')[1]!], role: null, gender: null, mentions: [] }));

  it('is built a slice at a time, letting the event loop run, and answers as one built at once', async () => {
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const book = await QuoteBook.create(quotes, entities, []);
    clearInterval(ticking);
    expect(turns).toBeGreaterThan(1);
    const whole = new QuoteBook(quotes, entities, []);
    for (const who of ['Stone', 'cara diaz', 'bridge 17', 'Dev']) expect(book.quote(who, 'spring')).toEqual(whole.quote(who, 'spring'));
    // By the person first (direct before reported), then those that mention them.
    const found = book.quote('Stone');
    expect(found.quotes.filter((q) => q.relation === 'by')).toHaveLength(750);
    expect(found.quotes.filter((q) => q.relation === 'mentions').every((q) => q.text.includes('Bob Stone'))).toBe(true);
  });
});

describe('names typed as readers type them (issue 16: diacritics, transliterations, hyphens, word order)', () => {
  const person = (name: string, aliases: string[] = []): Entity => ({ name, type: 'person', aliases, role: null, gender: null, mentions: [] });
  const place = (name: string): Entity => ({ name, type: 'place', aliases: [], role: null, gender: null, mentions: [] });
  const said = (speaker: string, text: string, k: number): Quote => ({
    speaker, speakerRole: null, text, kind: 'direct', cue: 'said', articleId: 'a', paragraph: k, caption: null, mentions: [], speakerIsPerson: true, polarity: 'asserted',
  });
  const entities = [
    person('Park Seo-yeon', ['Park']), person('Ayşe Yıldırım', ['Yıldırım']), person('Łukasz Wróbel'), person('Thomas Mueller'),
    person('Jürgen Klopp'), place('Zürich'), place('Tromsø'), place('Saint-Étienne-du-Lac'),
  ];
  const quotes = [
    said('Park Seo-yeon', 'This is a pause, not yet a peace', 1), said('Ayşe Yıldırım', 'We can deliver within a week', 2),
    said('Łukasz Wróbel', 'Storage is full', 3), said('Thomas Mueller', 'We played well', 4), said('Jürgen Klopp', 'It was a good night', 5),
  ];
  const book = new QuoteBook(quotes, entities, []);

  it.each([
    ['Park Seo-yeon', 'Park Seo-yeon'], ['Park Seo Yeon', 'Park Seo-yeon'], ['park seoyeon', 'Park Seo-yeon'], ['Seoyeon', 'Park Seo-yeon'],
    ['Seoyeon Park', 'Park Seo-yeon'], ['Park', 'Park Seo-yeon'], ['Seo-yeon', 'Park Seo-yeon'],
    ['Yildirim', 'Ayşe Yıldırım'], ['Ayse Yildirim', 'Ayşe Yıldırım'], ['Lukasz Wrobel', 'Łukasz Wróbel'], ['Wrobel', 'Łukasz Wróbel'],
    ['Thomas Müller', 'Thomas Mueller'], ['Muller', 'Thomas Mueller'], ['Juergen Klopp', 'Jürgen Klopp'], ['Jurgen Klopp', 'Jürgen Klopp'],
  ])('quote "%s" finds %s and what they said', (typed, name) => {
    const found = book.quote(typed);
    expect(found.person).toBe(name);
    expect(found.quotes[0]).toMatchObject({ speaker: name, relation: 'by' });
  });

  it.each([['Zurich', 'Zürich'], ['Zuerich', 'Zürich'], ['Tromso', 'Tromsø'], ['Tromsoe', 'Tromsø'], ['Saint Etienne du Lac', 'Saint-Étienne-du-Lac'], ['saint-etienne-du-lac', 'Saint-Étienne-du-Lac']])(
    'facts "%s" gives the place %s', (typed, name) => {
      expect(book.facts(typed)?.entity).toMatchObject({ type: 'place', name });
    },
  );

  it('never takes one name for another that shares no word with it', () => {
    expect(book.quote('Seo-jun Kim').person).toBeNull();
    expect(book.facts('Geneva')).toBeNull();
  });
});

describe('a book taken back from its data (the store snapshot keeps it, issue 19)', () => {
  it('answers every quote and facts query exactly as the book built from the articles', async () => {
    const store = new ArticleStore();
    store.put(seedArticle());
    store.put(article('fund', 'Fund warns on growth\n\nThe International Monetary Fund (IMF) cut its growth forecast for Britain.\n\nIts chief economist Gita Gopinath said "the outlook is clouded", the fund said.\n\nGopinath told reporters in Washington that Putin\'s war had "hit Europe hardest".\n'));
    store.put(article('rates', 'Bank holds rates\n\nThe Bank of England kept interest rates at 5% on Thursday.\n\nGovernor Andrew Bailey said: "We are not there yet." Bailey added that Trump\'s tariffs "cloud the outlook".\n'));
    await store.book(SHARED);
    const built = store.sharedBook()!;
    expect(built).toBeDefined();
    // As the snapshot file carries it: serialised and read back by node:v8.
    const taken = QuoteBook.fromData(deserialize(serialize(built.toData())) as ReturnType<QuoteBook['toData']>, store.articles(SHARED));
    expect(taken.quotes).toEqual(built.quotes);
    expect(taken.entities).toEqual(built.entities);
    expect(taken.speakers()).toEqual(built.speakers());
    const names = built.entities.flatMap((e) => [e.name, ...e.aliases]);
    // Each name as written, lower case, with a letter dropped (a typo), and each word of it alone; words of quotations.
    const typed = [...new Set([...names, ...names.map((n) => n.toLowerCase()), ...names.map((n) => n.slice(0, -2) + n.slice(-1)), ...names.flatMap((n) => n.split(' '))])];
    const words = [...new Set(built.quotes.flatMap((q) => q.text.split(/\W+/).filter((w) => w.length > 3)))];
    expect(typed.length).toBeGreaterThan(40);
    expect(words.length).toBeGreaterThan(20);
    for (const who of typed) {
      expect(taken.quote(who), who).toEqual(built.quote(who));
      expect(taken.facts(who), who).toEqual(built.facts(who));
    }
    for (const [k, w] of words.entries()) {
      expect(taken.quote(w), w).toEqual(built.quote(w));
      const who = typed[k % typed.length]!;
      expect(taken.quote(who, w), `${who} about ${w}`).toEqual(built.quote(who, w));
    }
  });

  it('refuses damaged data instead of answering from it', async () => {
    const store = new ArticleStore();
    store.put(seedArticle());
    await store.book(SHARED);
    const data = store.sharedBook()!.toData();
    expect(() => QuoteBook.fromData({ ...data, indexes: { ...data.indexes, bySpeaker: { keys: ['Vladimir Putin'], lists: [[1e6]] } } }, store.articles(SHARED))).toThrow(/out of range/);
    expect(() => QuoteBook.fromData({ ...data, byName: { keys: ['x', 'y'], entities: [0] } }, store.articles(SHARED))).toThrow(/do not fit/);
  });
});
