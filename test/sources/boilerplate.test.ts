import { describe, expect, it } from 'vitest';
import { documentOf, tidy } from '../../src/sources/blocks.js';
import { dateLine, furnitureLine, removeBoilerplate } from '../../src/sources/boilerplate.js';

const STORY = '<p>The regulator said on Friday that savers would be repaid within seven working days of the bank closing.</p>';

/** The body text left once furniture is removed, and what was removed. */
function cleaned(body: string): { text: string; kinds: string[] } {
  const document = documentOf(`<!doctype html><html><body>${body}</body></html>`);
  const removed = removeBoilerplate(document);
  return { text: tidy(document.body.textContent ?? ''), kinds: removed.map((r) => r.kind) };
}

describe('removeBoilerplate: containers that are furniture by their markup', () => {
  it.each([
    ['a cookie notice named only "cookie-…" (no dialog role)', '<div class="cookie-notice-container" id="cookie-management"><h2>Cookies on our website</h2><p>We use some essential cookies to make this website work.</p><button>Accept additional cookies</button></div>', 'consent'],
    ['OneTrust', '<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFlat"><p>We and our partners store and access information on your device.</p><button id="onetrust-accept-btn-handler">Accept All Cookies</button></div></div>', 'consent'],
    ['Didomi', '<div id="didomi-host"><div class="didomi-popup-container"><p>We care about your privacy. With your agreement, we and our partners use cookies.</p><span>Agree and close</span></div></div>', 'consent'],
    ['Sourcepoint', '<div id="sp_message_container_812345"><p>Your privacy choices. You can accept or reject the use of cookies for personalised ads.</p></div>', 'consent'],
    ['Cookiebot', '<div id="CybotCookiebotDialog"><p>This website uses cookies. You consent to our cookies if you continue to use our website.</p></div>', 'consent'],
    ['a GDPR banner', '<section class="gdprBanner"><p>To comply with GDPR we ask for your consent to store preferences.</p></section>', 'consent'],
    ['a privacy banner', '<div class="privacy-banner"><p>We value your privacy. Manage your settings.</p></div>', 'consent'],
    ['a modal dialog', '<div role="dialog" aria-modal="true"><h2>Before you continue</h2><p>Choose how your data is used.</p></div>', 'dialog'],
    ['Piano\'s modal', '<div class="tp-modal"><div class="tp-iframe-wrapper"><p>Subscribe to continue reading. Just £1 for 3 months.</p></div></div>', 'offer'],
    ['a paywall offer', '<div class="paywall-offer"><p>You have reached your limit of free articles this month.</p><a href="/subscribe">Subscribe</a> <a href="/login">Log in</a></div>', 'offer'],
    ['a paywall box whose pitch addresses the reader', '<div class="paywall"><p>Our reporting depends on readers like you, and it costs money to produce every single day.</p><p>Subscribe from £1 a week.</p></div>', 'offer'],
    ['a registration wall', '<div id="regwall"><p>Register for free to keep reading.</p><form><input name="email"></form></div>', 'offer'],
    ['a newsletter box', '<aside class="newsletter-signup"><h3>Sign up to our morning briefing</h3><p>The news you need, every weekday at 7am.</p></aside>', 'newsletter'],
    ['a form asking for an e-mail address', '<form action="/join"><label>Get the weekly digest</label><input type="email" name="e"><input type="submit" value="Go"></form>', 'newsletter'],
    ['a share bar', '<div class="article-share-tools"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>', 'share'],
    ['a box of related links', '<div class="related-stories"><h3>Related</h3><a href="/1">Bank collapse leaves savers waiting</a> <a href="/2">Regulator to review deposit protection</a></div>', 'related'],
  ])('removes %s', (_, box, kind) => {
    const r = cleaned(`${box}<main>${STORY}</main>`);
    expect(r.kinds).toEqual([kind]);
    expect(r.text).toBe('The regulator said on Friday that savers would be repaid within seven working days of the bank closing.');
  });

  it.each([
    ['a story about a cookie law (its words are not its markup)', '<div class="article-body"><p>We use cookies, the company admitted, and the court ruled that consent must come before any tracking. Accept or reject buttons must be equally easy to press.</p></div>'],
    ['a post whose CMS classes name its topic', '<div class="post tag-cookies category-gdpr tag-consent"><p>The privacy regulator fined the company for setting cookies without consent, and said it would check other sites.</p></div>'],
    ['the article text a paywall hides in a container named "paywall"', '<div class="article-paywall"><p>The council approved the plan after a three-hour debate, with nine votes in favour and four against.</p></div>'],
    ['a paywall container holding the article\'s text about subscriptions, served in full', '<div class="paywall" data-paywall="true"><p>The premium plan will cost £14.99 a month from June, the company said, while the basic subscription stays at £6.99.</p><p>Subscriber numbers fell by 300,000 after the last rise in prices.</p></div>'],
    ['a long container named "subscriber-content" holding the story', `<div class="subscriber-content">${'<p>The council met on Monday and debated the plan for the new bridge, which would cost four million pounds, for three hours.</p>'.repeat(12)}</div>`],
    ['a recipe box named "cookie-…" with no consent words', '<div class="cookie-recipe-card"><p>Cream the butter and sugar, add the flour, and bake the cookies for twelve minutes at 180C.</p></div>'],
    ['Adobe\'s text component ("cmp-text") holding article text', '<div class="cmp-text"><p>The minister said the new rules would apply from April, after a consultation that drew nine thousand responses.</p></div>'],
    ['a byline box whose class also says "share"', '<div class="share-byline-timestamp">By Jane Smith, Political Editor, 10 March 2024, 9:00 AM</div>'],
    ['a byline box named "share" that has a follow link', '<div class="author-share">By Jane Smith. Follow @janesmith</div>'],
    ['a consent-named wrapper around the main content', '<div class="consent-given"><main><p>The regulator said the bank had not shared personal data with partners, and that savers need not accept its new terms.</p></main></div>'],
    ['a box named "related" that is prose, not links', '<div class="related-coverage"><p>The same regulator closed another small bank in 2019, when savers waited three weeks for their money.</p></div>'],
    ['a newsletter\'s own text, published as a page', '<div class="newsletter-section"><p>Good morning. The central bank meets today, and markets expect it to hold rates for a third month.</p></div>'],
    ['a paragraph inside a wrapper named for its share bar', '<div class="has-share-bar"><p>The regulator said on Friday that savers would be repaid within seven working days.</p></div>'],
    ['a long dialog (an article shown in a modal)', `<div role="dialog">${'<p>The council met on Monday and debated the plan for the new bridge, which would cost four million pounds.</p>'.repeat(25)}</div>`],
  ])('keeps %s', (_, box) => {
    const before = tidy(documentOf(`<!doctype html><html><body>${box}</body></html>`).body.textContent ?? '');
    const r = cleaned(box);
    expect(r.kinds).toEqual([]);
    expect(r.text).toBe(before);
  });

  it('removes comments, which Readability takes for paragraph breaks in running text', () => {
    const document = documentOf('<!doctype html><html><body><div>On Page <!-- -->A<!-- -->22 of the print edition</div></body></html>');
    removeBoilerplate(document);
    expect([...document.body.childNodes[0]!.childNodes].map((n) => n.nodeType)).toEqual([3, 3, 3]);
  });
});

describe('furnitureLine: short lines that are furniture by their pattern', () => {
  it.each([
    ['Subscribe to continue reading', 'call-to-action'],
    ['You have reached your limit of free articles this month.', 'notice'],
    ['You’ve read all of your 5 free stories. Become a member for unlimited access.', 'notice'],
    ['This article is only available to subscribers.', 'notice'],
    ['Already a subscriber? Log in', 'call-to-action'],
    ['Sign up for our daily newsletter', 'call-to-action'],
    ['Get the best stories of the day delivered straight to your inbox every morning.', 'notice'],
    ['By signing up you agree to our terms and privacy policy.', 'notice'],
    ['We use cookies to give you the best experience on our website.', 'notice'],
    ['Cookie settings', 'notice'],
    ['Accept all cookies', 'notice'],
    ['Share this article', 'share'],
    ['Facebook Twitter WhatsApp Email', 'share'],
    ['Follow us on Instagram', 'call-to-action'],
    ['Read more', 'read-more'],
    ['READ MORE: Bank collapse leaves thousands of savers waiting for their money', 'read-more'],
    ['[Read: Why the ferry fares are rising again]', 'read-more'],
    ['Related: Chicago is America\'s most segregated city', 'read-more'],
    ['More games news:', 'read-more'],
    ['Advertisement', 'label'],
    ['Image', 'label'],
    ['Published on 10 March 2024', 'date'],
    ['A version of this article appears in print on , on Page A22 of the New York edition with the headline: Under the Streets.', 'notice'],
    ['Advertisement · Scroll to continue', 'call-to-action'],
    ['Sign up now, it’s free', 'call-to-action'],
    ['Subscribe from £1 a week', 'call-to-action'],
    ['Click to share on Twitter (Opens in new window)', 'call-to-action'],
    ['Try 3 months for £1', 'notice'],
    ['Just £1 for 3 months', 'notice'],
    ['Get unlimited access to our journalism for $1/week.', 'notice'],
    ['Download our free app for breaking news alerts', 'call-to-action'],
    ['Already have an account? Sign in', 'call-to-action'],
    ['Join our WhatsApp channel for the latest updates', 'call-to-action'],
    ['Support our journalism: subscribe from £1 a week', 'call-to-action'],
    ['Sign up for the newsletter that is sent every Friday', 'call-to-action'],
    ['Follow us on Facebook, Instagram and TikTok for breaking news from across the valley', 'call-to-action'],
    ['Subscribe now for £2 a month and get unlimited access to every story, puzzle, recipe and podcast we publish, on your phone, tablet and computer, with no adverts. Cancel any time.', 'notice'],
    ['Start your digital subscription today: £5 per month for the first year, then £9 a month, with no adverts at all.', 'notice'],
  ])('%s → %s', (line, kind) => {
    expect(furnitureLine(line, 0)).toBe(kind);
  });

  it('drops a short line that is only a link ("Five things we learned from the interview"), not prose with a link', () => {
    expect(furnitureLine('Five things we learned from the interview', 1)).toBe('read-more');
    expect(furnitureLine('Five things we learned from the interview', 0.2)).toBeNull();
  });

  it.each([
    'We use cookies to track users, the company admitted.',
    'Subscribers will pay £5 a month from April, the company said.',
    'Cookies must not be set without consent, the court ruled.',
    'Shares in the bank fell by a third on Friday.',
    'Read the judgment in full, the judge told the jury, before deciding.',
    'More than 200 people were evacuated from their homes.',
    'The meeting is on 10 March 2024.',
    'Voters must register to get a postal vote by Friday.',
    'Follow the money, the detective said.',
    'The free trial ends on Monday, the company said.',
    '“Sign up now or lose your place,” the union told its members in a letter.',
  ])('keeps the article sentence "%s"', (line) => {
    expect(furnitureLine(line, 0)).toBeNull();
  });

  it.each([
    // The call's words used as a noun, before the sentence's own verb.
    'Sign in problems affected thousands of users on Monday.',
    'Subscribe buttons were moved to the top of the page.',
    'Advertisement spending fell by a fifth in the first quarter.',
    'Log in figures were not published.',
    // An imperative's words, then a verb of the sentence's own, or someone's words reported.
    'Sign up for the scheme was slower than ministers had hoped.',
    'Sign up for the newsletter is now compulsory for anyone entering the prize draw.',
    'Subscribe and save deals drove sales higher in December.',
    'Continue reading the small print before you sign, the regulator warned.',
    'Register now: that was the message from the electoral commission.',
    'Try the new menu, which costs £12 a head, the chef suggested to regulars.',
    'Share this with your friends, the charity urged its supporters.',
    'Subscribe to the pension scheme before April, the regulator advised.',
    'Download the app and you will be tracked, researchers found.',
    'Join rates for the scheme fell sharply.',
    'Support our troops, the banners read.',
    'Follow us on Instagram, the campaign urged, and thousands did.',
    'This site uses cookies to track you across the web, the lawsuit alleges.',
    'Accept all cookies buttons were bigger than the others.',
    'Subscribe now for £1 a week, the advert promised, and cancel any time.',
    // Sentences that state a date: subject and verb, not a date line.
    'The agreement was published on 4 June 2023.',
    'It was first published on 2 May 2021.',
    'The rules were last modified on 3 April 2019.',
  ])('keeps "%s" when it has a subject and a verb of its own', (line) => {
    expect(furnitureLine(line, 0)).toBeNull();
  });

  it('keeps a sentence that opens like a notice of its own words, reporting speech', () => {
    expect(furnitureLine('This website uses cookies to follow you wherever you go, one reader wrote.', 0)).toBeNull();
  });

  it('tells WordPress\'s feed furniture from the text: the "more" link and "The post … appeared first on …"', () => {
    expect(furnitureLine('Continue reading Flood defences on the river to be rebuilt by 2026 →', 0)).toBe('read-more');
    expect(furnitureLine('Continue reading Flood defences to be rebuilt', 1)).toBe('read-more');
    expect(furnitureLine('Read more […]', 0)).toBe('read-more');
    expect(furnitureLine('The post Flood defences to be rebuilt appeared first on Valley Times.', 0)).toBe('notice');
    expect(furnitureLine('Continue reading the report, the minister told MPs, before judging it.', 0)).toBeNull();
  });
});

describe('furnitureLine: sentences that merely open like furniture', () => {
  it.each([
    'Subscribe and save offers made up a third of sales, the chain said in its results.',
  ])('keeps "%s"', (line) => {
    expect(furnitureLine(line, 0)).toBeNull();
  });
});

describe('dateLine', () => {
  it('reads the date of publication a date line states', () => {
    expect(dateLine('Published on 10 March 2024')).toEqual({ published: '2024-03-10T00:00:00.000Z' });
    expect(dateLine('Feb. 21, 2019')).toEqual({ published: '2019-02-21T00:00:00.000Z' });
    expect(dateLine('CNNMoney (New York) First published February 1, 2016: 1:28 AM ET')).toEqual({ published: '2016-02-01T06:28:00.000Z' });
  });

  it('reads a date line that also gives the byline and the reading time', () => {
    expect(dateLine('By Jane Smith | Published March 10, 2024 · 3 min read')).toEqual({ published: '2024-03-10T00:00:00.000Z' });
    expect(dateLine('by Jane Smith, 10 March 2024')).toEqual({ published: '2024-03-10T00:00:00.000Z' });
  });

  it('is a date line but gives no date of publication for an update or a day/month that cannot be told apart', () => {
    expect(dateLine('Last updated 14:30 GMT, 10 March 2024')).toEqual({ published: null });
    expect(dateLine('Published 05/03/2024')).toEqual({ published: null });
  });

  it('is not a sentence that states a date with its own subject and verb', () => {
    expect(dateLine('The agreement was published on 4 June 2023.')).toBeNull();
    expect(dateLine('It was updated on 12 May 2022.')).toBeNull();
    expect(dateLine('The figures, published 4 June 2023')).not.toBeNull();
  });

  it('is not a sentence that mentions a date', () => {
    expect(dateLine('The council will meet on 10 March 2024 to set the budget.')).toBeNull();
    expect(dateLine('Police arrived on Monday.')).toBeNull();
    expect(dateLine('The meeting, chaired by Jane Smith, is on 10 March 2024.')).toBeNull();
  });
});
