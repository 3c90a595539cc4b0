import { describe, expect, it } from 'vitest';
import { CUES, cueLabel, extractQuotes, quotationSpans, type Quote } from '../../src/nlp/quotes.js';
import { article, seedArticle } from '../fixtures.js';

const seedQuotes = extractQuotes(seedArticle());
const find = (quotes: readonly Quote[], text: string) => quotes.find((q) => q.text.includes(text));
const quotesOf = (body: string) => extractQuotes(article('made-up', `Made-up news\n\n${body}`));

describe('quotations in the seed article', () => {
  it.each([
    ['very comfortable place for both Russia and the United States', 'Yury Ushakov', 'said', 4],
    ['sanctions will stay in place', 'John Bolton', 'insisted', 12],
    ['just to get an early jump on our preparations', 'John Bolton', 'said', 16],
    ['total denuclearisation', 'Donald Trump', 'claimed', 2],
    ['act of war', 'John Bolton', 'called', 14],
    ['handled the World Cup so successfully', 'John Bolton', 'said', 17],
  ])('attributes “%s” to %s (%s, ¶%i)', (text, speaker, cue, paragraph) => {
    expect(find(seedQuotes, text)).toMatchObject({ speaker, cue, paragraph, kind: 'direct', articleId: 'trump-putin-summit' });
  });

  it('gives “he said” to the last speaker (Bolton), not the nearest name', () => {
    expect(find(seedQuotes, 'The president determined')).toMatchObject({ speaker: 'John Bolton', cue: 'said', paragraph: 9 });
  });

  it('continues a speaker into the next sentence of the paragraph', () => {
    expect(find(seedQuotes, 'facilitate international stability')).toMatchObject({ speaker: 'Yury Ushakov', paragraph: 4 });
  });

  it('never gives Bolton’s words to Infantino, who is only mentioned', () => {
    expect(seedQuotes.filter((q) => q.speaker === 'Gianni Infantino')).toEqual([]);
  });

  it('extracts reported speech: told … that, and according to', () => {
    expect(seedQuotes.find((q) => q.text === 'Russia did not meddle in the 2016 election')).toMatchObject({ speaker: 'Vladimir Putin', kind: 'reported', cue: 'told', paragraph: 13 });
    expect(seedQuotes.find((q) => q.cue === 'according to')).toMatchObject({ speaker: 'Yury Ushakov', paragraph: 13 });
  });

  it('keeps the text verbatim without the quotation marks', () => {
    for (const q of seedQuotes.filter((x) => x.kind === 'direct')) {
      expect(seedArticle().paragraphs[q.paragraph! - 1]!.text).toContain(q.text);
      expect(q.text).not.toMatch(/^[“"]|[”"]$/u);
    }
  });

  it('gives speakers their role', () => {
    expect(find(seedQuotes, 'sanctions')!.speakerRole).toBe('US national security adviser');
    expect(find(seedQuotes, 'very comfortable')!.speakerRole).toBe('Russian presidential aide');
  });
});

describe('attribution patterns on made-up articles', () => {
  it('“…,” said Mr. Smith — and Mr Smith, Smith and Jane Smith are one speaker', () => {
    const q = quotesOf('Finance minister Jane Smith spoke on Monday.\n\n“Taxes will fall next year,” said Ms. Smith.\n\n“We have the money,” Smith told reporters.');
    expect(q.map((x) => [x.speaker, x.cue])).toEqual([['Jane Smith', 'said'], ['Jane Smith', 'told']]);
    expect(q[0]!.speakerRole).toBe('Finance minister');
  });

  it('split quotes: “…,” he said, “…”', () => {
    const q = quotesOf('Mayor Tom Reed opened the bridge.\n\n“It took ten years,” he said, “and it was worth every day.”');
    expect(q.map((x) => [x.speaker, x.text])).toEqual([['Tom Reed', 'It took ten years'], ['Tom Reed', 'and it was worth every day.']]);
  });

  it('a quotation that spans sentences and one continued into the next paragraph', () => {
    const q = quotesOf('“We will win. Then we go home,” coach Ana Lima said. “The team is ready.\n\n“Nobody can stop us now.”');
    expect(q.map((x) => x.speaker)).toEqual(['Ana Lima', 'Ana Lima', 'Ana Lima']);
    expect(q[0]!.text).toBe('We will win. Then we go home');
  });

  it('a name, an apposition, then the cue', () => {
    const q = quotesOf('“The deal is dead,” Paul Grant, the union’s chief negotiator, said on Friday.');
    expect(q[0]).toMatchObject({ speaker: 'Paul Grant', cue: 'said' });
  });

  it('“she said” goes to the woman who spoke, not the man named last', () => {
    const q = quotesOf('Senator Maria Lopez met Mr Brown on Tuesday.\n\n“It was a good meeting,” she said.');
    expect(q[0]!.speaker).toBe('Maria Lopez');
  });

  it('according to X, and X said that …', () => {
    const q = quotesOf('The plant will close in May, according to manager Rita Vos.\n\nRita Vos said that forty jobs would go by June.');
    expect(q.map((x) => [x.speaker, x.kind, x.cue])).toEqual([['Rita Vos', 'reported', 'according to'], ['Rita Vos', 'reported', 'said']]);
    expect(q[1]!.text).toBe('forty jobs would go by June');
  });

  it('a source that is not a person keeps its description', () => {
    const q = quotesOf('“No decision has been taken,” a government spokesman said.');
    expect(q[0]).toMatchObject({ speaker: 'a government spokesman', speakerIsPerson: false });
  });

  it('ignores short scare quotes that nobody says', () => {
    expect(quotesOf('The so-called “deal of the century” was never published.')).toEqual([]);
  });
});

describe('British single quotation marks', () => {
  it('reads ‘…’ as quotation marks and the ’ of "don’t", "harbour’s" and "’90s" as apostrophes', () => {
    const text = 'Built in the ’90s, the harbour’s wall is failing. ‘We don’t have the councillors’ support yet,’ she said. ‘Nor the money.’';
    expect(quotationSpans(text).map((s) => s.inner)).toEqual(['We don’t have the councillors’ support yet,', 'Nor the money.']);
  });

  it('keeps a quotation nested in another one part of it, in either style', () => {
    expect(quotationSpans('‘He called it “a disgrace”,’ she said.').map((s) => s.inner)).toEqual(['He called it “a disgrace”,']);
    expect(quotationSpans('“He told me ‘no’ twice,” she said.').map((s) => s.inner)).toEqual(['He told me ‘no’ twice,']);
  });

  it('attributes ‘…,’ said X and X said: ‘…’ as it does “…”', () => {
    const q = quotesOf('‘We have waited far too long,’ said Ann Pike, the council leader. Harbour master Tom Gale said: ‘The storms will not wait.’');
    expect(q.map((x) => [x.speaker, x.kind, x.text])).toEqual([['Ann Pike', 'direct', 'We have waited far too long'], ['Tom Gale', 'direct', 'The storms will not wait.']]);
  });
});

describe('cues from data, and verbs of manner', () => {
  it('takes its cues from PolNeAR’s annotated cues, with their past tense for readers', () => {
    for (const cue of ['said', 'says', 'told', 'warned', 'insisted', 'added', 'tweeted', 'argued']) expect(CUES).toContain(cue);
    expect(CUES).not.toContain('voted');
    expect([cueLabel('says'), cueLabel('arguing'), cueLabel('say'), cueLabel('according to'), cueLabel('grumbled')]).toEqual(['said', 'argued', 'said', 'according to', 'grumbled']);
  });

  it('a past tense where only a verb of speaking stands is a cue: “…,” VERBed NAME / “…,” NAME VERBed', () => {
    const q = quotesOf('“The rosters are impossible,” muttered driver Oma Reyes Diaz, outside the depot.\n\n“We never wanted this,” Helen Stroud fumed.\n\n“Nobody listens,” he groaned.');
    expect(q.map((x) => [x.speaker, x.cue])).toEqual([['Oma Reyes Diaz', 'muttered'], ['Helen Stroud', 'fumed'], [expect.any(String), 'groaned']]);
  });
});

describe('speakers named around the quotation', () => {
  it('X, speaking after the meeting, said …', () => {
    const q = quotesOf('David Rana, speaking after the meeting, said the budget would be cut by a fifth.\n\nMayor Ines Volk, speaking on the radio, said: “We will not close a single library.”');
    expect(q.map((x) => [x.speaker, x.kind])).toEqual([['David Rana', 'reported'], ['Ines Volk', 'direct']]);
  });

  it('“…,” the minister said: the article’s one minister; with two ministers, nobody is guessed', () => {
    const one = quotesOf('Health Minister Ruth Kalu opened the ward on Monday.\n\n“This ward will save lives every winter,” the minister said.');
    expect(one[0]).toMatchObject({ speaker: 'Ruth Kalu', speakerIsPerson: true });
    const two = quotesOf('Health Minister Ruth Kalu and Finance Minister Omar Haddad opened the ward.\n\n“This ward will save lives every winter,” the minister said.');
    expect(two[0]).toMatchObject({ speaker: 'the minister', speakerIsPerson: false });
  });

  it('a bare quotation after a sentence that names its speaker, and after a lead-in paragraph', () => {
    const q = quotesOf('Mayor Ines Volk toured the flooded streets on Sunday. “Every family here will be rehoused by spring.”\n\nAfter a meeting with Mayor Ines Volk on Monday, the head of the water board, Carl Moss, said:\n\n“The pumps failed because nobody had tested them in years.”');
    expect(q.map((x) => x.speaker)).toEqual(['Ines Volk', 'Carl Moss']);
  });

  it('two reports in one sentence: X said …, and Gov. Y said …', () => {
    const q = quotesOf('Sen. Claire Moran (D-Ore.) said she would hold hearings in March, and Gov. Tom Daly said his state would drop the contract.');
    expect(q.map((x) => [x.speaker, x.text])).toEqual([['Claire Moran', 'she would hold hearings in March'], ['Tom Daly', 'his state would drop the contract']]);
  });
});

describe('polarity: what a speaker rejects is never their claim', () => {
  it('the seed article: Bolton dismissed the idea that a meeting would “prove some nexus …”', () => {
    expect(find(seedQuotes, 'prove some nexus')).toMatchObject({ speaker: 'John Bolton', cue: 'dismissed', polarity: 'rejected' });
    expect(seedQuotes.filter((q) => q.polarity === 'rejected')).toHaveLength(1);
    // The next paragraph's “…,” he said is his own claim again.
    expect(find(seedQuotes, 'The president determined')).toMatchObject({ speaker: 'John Bolton', polarity: 'asserted' });
  });

  it('denied that …, rejected claims that … are rejected; said that … and “…,” he denied are not', () => {
    const q = quotesOf('Mayor Ines Volk denied that the council had sold the land in secret.\n\nDavid Rana rejected claims that the budget had been cut twice.\n\nMayor Ines Volk said that the land would stay public for good.\n\n“That is simply untrue,” she denied.');
    expect(q.map((x) => [x.speaker, x.polarity])).toEqual([['Ines Volk', 'rejected'], ['David Rana', 'rejected'], ['Ines Volk', 'asserted'], ['Ines Volk', 'asserted']]);
  });
});

describe('any text (property tests)', () => {
  it('never throws, and every quotation is cited and verbatim', async () => {
    const { default: fc } = await import('fast-check');
    const { parseArticle } = await import('../../src/knowledge/parse.js');
    const piece = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('“', '”', '"', '‘', '’', 'don’t', ' grumbled ', ', speaking on Monday,', ' the minister said', ' denied that ', ' said ', ' he said', ', according to ', 'Mr ', 'Mr. Smith', 'Jane Doe', ' told ', ' that ', '. ', '\n\n', ' ― ', ':', '(D-Mo.)', 'Sen.', 'Kim Jong-un', "O'Brien's"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const parsed = parseArticle('prop', `Title\n\n${parts.join('')}`);
        if (!parsed.ok) return;
        for (const q of extractQuotes(parsed.value)) {
          const passage = q.paragraph !== null ? parsed.value.paragraphs[q.paragraph - 1] : parsed.value.captions[q.caption! - 1];
          expect(passage).toBeDefined();
          expect(passage!.text).toContain(q.text);
        }
      }),
      { numRuns: 300 },
    );
  });
});
