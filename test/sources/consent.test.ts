import { describe, expect, it } from 'vitest';
import { documentOf, tidy } from '../../src/sources/blocks.js';
import { consentEdges, consentParagraph, removeConsentText } from '../../src/sources/consent.js';

/** Paragraphs of consent notices, written here in the shapes the common platforms use. */
const NOTICE = [
  'We and our 312 partners store and/or access information on a device, such as unique IDs in cookies, to process personal data.',
  'You can change your mind at any time in the privacy settings at the bottom of each page.',
  'Some of our tools are strictly necessary for the site to work and cannot be turned off.',
];
const ARTICLE = [
  'The ferry company said on Monday that sailings to the island would resume on Friday, after a week of gales kept its boats in port.',
  'About four hundred passengers whose crossings were cancelled will be offered seats on extra sailings over the weekend.',
  'The harbourmaster said the forecast for the coming week was calmer, though more wind was expected by the end of the month.',
];

describe('consentParagraph', () => {
  it.each([
    ...NOTICE,
    'This site uses small text files to remember your choices and to measure how you use it.',
    'If you choose Accept all, we will also use data to show you personalised ads and content.',
    'By continuing to browse, you agree to our use of cookies.',
  ])('reads as consent text: "%s"', (text) => {
    expect(consentParagraph(text)).toBe(true);
  });

  it.each([
    // Reported speech, attribution and quotation: an article's sentences about cookies.
    'This site tracks you across the web with cookies, the complaint alleges.',
    '“We use cookies to improve your experience,” the banner read, above a single green button.',
    'We use cookies only to make the site work, the company told the court.',
    // Third person: nobody is addressed.
    'Reject all buttons were greyed out on most of the sites the regulator examined.',
    'The court ruled that websites must ask for consent before they set cookies that track their visitors.',
    // The reader addressed without the notices' words.
    'If you live in the valley, your council tax will rise by five per cent in April.',
  ])('does not read as consent text: "%s"', (text) => {
    expect(consentParagraph(text)).toBe(false);
  });
});

describe('consentEdges', () => {
  it('finds a notice before the article, and one after it', () => {
    expect(consentEdges([...NOTICE, ...ARTICLE])).toEqual({ lead: 3, trail: 0 });
    expect(consentEdges([...ARTICLE, ...NOTICE.slice(0, 2)])).toEqual({ lead: 0, trail: 2 });
    expect(consentEdges([NOTICE[0]!, ...ARTICLE, NOTICE[0]!])).toEqual({ lead: 1, trail: 1 });
  });

  it('takes a notice\'s title line into its run, but a title alone is no notice', () => {
    expect(consentEdges(['Cookies on the Valley Times', ...NOTICE, ...ARTICLE])).toEqual({ lead: 4, trail: 0 });
    expect(consentEdges(['Cookies on the Valley Times', ...ARTICLE])).toEqual({ lead: 0, trail: 0 });
  });

  it('takes the common openings of notices: "we’d like to set", "this site uses", "by continuing", and a title with a verb', () => {
    expect(consentEdges(['We’d like to set additional cookies to understand how you use this site.', ...ARTICLE])).toEqual({ lead: 1, trail: 0 });
    expect(consentEdges([...ARTICLE, 'This site uses cookies from its partners to deliver its services.'])).toEqual({ lead: 0, trail: 1 });
    expect(consentEdges([...ARTICLE, 'Your privacy is important to us', 'By continuing to browse, you agree to our use of cookies.'])).toEqual({ lead: 0, trail: 2 });
  });

  it('takes the short lines of a notice\'s list of purposes into its run; a long line that is not consent text ends it', () => {
    const wall = ['The Valley Times is part of the Valley Media group.', 'When you use our sites, we use cookies to:', 'keep the site secure;', 'measure your visits.', NOTICE[0]!];
    expect(consentEdges(wall)).toEqual({ lead: 5, trail: 0 });
    expect(consentEdges([...wall, ...ARTICLE])).toEqual({ lead: 5, trail: 0 });
    expect(consentEdges(['When you use our sites, we use cookies to measure your visits.', ARTICLE[0]!, NOTICE[0]!, ...ARTICLE.slice(1)])).toEqual({ lead: 1, trail: 0 });
  });

  it('reads a page of nothing but consent text as all notice (a consent wall)', () => {
    expect(consentEdges(NOTICE)).toEqual({ lead: 3, trail: 0 });
  });

  it('never looks inside the body: a notice quoted in the middle of an article about cookies stays', () => {
    expect(consentEdges([ARTICLE[0]!, NOTICE[0]!, ARTICLE[1]!])).toEqual({ lead: 0, trail: 0 });
  });

  it('needs the site to say what it does with the reader\'s data: an essay that ends on "we" and opting out stays', () => {
    const essay = [...ARTICLE, 'As we argue about the scandal, we must not forget the rest of the tracking industry. We also need to protect those of us who manage to opt out.'];
    expect(consentEdges(essay)).toEqual({ lead: 0, trail: 0 });
    const advice = [...ARTICLE, 'If you want fewer adverts that follow you around, reject all cookies and check your privacy settings every few months.'];
    expect(consentEdges(advice)).toEqual({ lead: 0, trail: 0 });
  });
});

describe('removeConsentText', () => {
  it('removes the elements that hold only the notice\'s paragraphs, and nothing else', () => {
    const document = documentOf(`<!doctype html><html><body><div class="bar"><p>${NOTICE[0]}</p><div>${NOTICE[1]}</div><button>OK</button></div><div class="main"><p>${ARTICLE[0]}</p><div>${NOTICE[2]}<p>${ARTICLE[1]}</p></div></div></body></html>`);
    expect(removeConsentText(document.body, NOTICE)).toBe(2);
    // The third paragraph shares its <div> with the article's: that <div> stays.
    expect(tidy(document.body.textContent ?? '')).toBe(`OK${ARTICLE[0]}${NOTICE[2]}${ARTICLE[1]}`);
  });
});
