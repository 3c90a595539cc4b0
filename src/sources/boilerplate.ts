import * as chrono from 'chrono-node';
import { readDate } from '../feeds/dates.js';
import { COMMENT_NODE, ELEMENT_NODE, tidy, unitsOf, type DomDocument, type DomElement, type DomNode } from './blocks.js';
import { hasFiniteVerb, ownClause } from './clauses.js';

/** Limits of what counts as page furniture; see each field. */
export const BOILERPLATE_DEFAULTS = Object.freeze({
  /**
   * A cookie or consent container (by its class or id) with more words than this is kept: real notices
   * run to 50-300 words (the longest, with a list of purposes, about 400); an article is longer. 100-1000.
   */
  consentMaxWords: 400,
  /** A dialog (`role="dialog"`, `aria-modal`, `<dialog>`) with more words than this is kept. 50-1000. */
  dialogMaxWords: 300,
  /**
   * A paywall or subscription box (by its class or id) with more words than this is kept: offers are a
   * few lines, while the article text a paywall hides often sits in a container named "paywall". 30-300.
   */
  offerMaxWords: 150,
  /** A newsletter or sign-up box (by its class or id, or a form asking for an e-mail address) with more words is kept. 30-300. */
  newsletterMaxWords: 150,
  /** A share or follow bar (by its class or id) with more words is kept. 10-100. */
  shareMaxWords: 40,
  /** …and only with a share bar's words ("Share", "Tweet", "Email") unless it has at most this many (icons' labels). 0-5. */
  shareBareWords: 3,
  /** A "related" or "read more" box (by its class or id) with more words is kept. 50-500. */
  relatedMaxWords: 200,
  /** …and only when at least this share of its letters is link text (a list of headlines, not prose). 0.3-0.9. */
  relatedLinkShare: 0.5,
  /** Calls to action ("Sign up", "Share this", "Read more") and labels are dropped up to this many words. 4-20. */
  lineWords: 12,
  /**
   * Longer notices ("You have reached your limit of free articles…", "Read more: <headline>") up to this
   * many, and calls to action that speak of the publisher ("Follow us on Instagram and TikTok for…"). 10-40.
   */
  noticeWords: 25,
  /**
   * A subscription offer ("Subscribe today for just $1 a week … Cancel anytime.": an imperative with a
   * price or the terms of an offer, and no clause of its own) up to this many words. 20-100.
   */
  offerLineWords: 60,
  /**
   * A paywall or subscription box (by its class or id) that holds a paragraph of at least this many words
   * that is neither furniture nor addressed to the reader is the article's text behind the paywall
   * (served in full), and is kept. 5-30.
   */
  offerProseWords: 8,
  /** A newspaper's print line ("A version of this article appears in print on …") has at most this many words. 20-80. */
  printLineWords: 60,
  /** A paragraph that is only a link ("Five things we learned from the interview") up to this many words is a "read more" line. 5-25. */
  linkLineWords: 15,
  /** …when at least this share of its letters is link text. 0.7-1. */
  linkLineShare: 0.9,
  /** A date line ("Published on 10 March 2024", "CNN (New York) First published …") has at most this many words. 6-25. */
  dateLineWords: 16,
  /** …and besides the date, a label ("published", "updated") and at most this many other words (a source's name). 0-6. */
  dateLineOtherWords: 4,
});

/** Kinds of container that are page furniture, judged by markup. */
export type ContainerKind = 'consent' | 'dialog' | 'offer' | 'newsletter' | 'share' | 'related';

/*
 * Class and id words that name a kind of container. A class list is read as words: camelCase split,
 * lower-cased, every run of other characters a hyphen ("CybotCookiebotDialog" → "cybot-cookiebot-dialog",
 * "sp_message_container" → "sp-message-container"); names must match whole words, so that "cmp-text"
 * (Adobe's text component) or "shareholders" name nothing.
 */
const word = (alternatives: string) => new RegExp(`(?<![a-z0-9])(?:${alternatives})(?![a-z0-9])`);
/** Cookie and consent managers: generic names and the common platforms' (OneTrust, Didomi, Cookiebot, Quantcast, Sourcepoint, TrustArc, Usercentrics, Osano, iubenda, Complianz, Borlabs, CookieYes, consentmanager). */
const CONSENT_NAMES = word('cookies?[a-z0-9]*|consents?[a-z0-9]*|gdpr[a-z0-9]*|ccpa|cmp|cmp(?:box|wrapper)[a-z0-9]*|cmp-(?:box|wrapper|banner|consent|dialog|popup|modal|app)|qc-cmp[a-z0-9]*|onetrust[a-z0-9]*|ot-sdk|didomi[a-z0-9]*|cybot[a-z0-9]*|usercentrics[a-z0-9]*|truste|trustarc[a-z0-9]*|sp-message|osano[a-z0-9]*|iubenda[a-z0-9]*|cmplz[a-z0-9]*|borlabs[a-z0-9]*|cky-consent|cc-(?:window|banner)|privacy-(?:banner|popup|notice|overlay|modal|bar|prompt|manager|center|centre|wall|settings)');
/** Paywalls, registration walls and subscription offers (Piano/Tinypass: `tp-modal`, `tp-backdrop`). */
const OFFER_NAMES = word('pay-?wall[a-z0-9]*|reg-?wall[a-z0-9]*|registration-wall|login-wall|piano[a-z0-9]*|tp-(?:modal|backdrop|container|iframe)[a-z0-9-]*|tinypass|metered|meter-(?:banner|box|bar|modal|wall)|subscri(?:be|ption|ber)s?[a-z0-9]*|upsell[a-z0-9]*|premium-(?:wall|offer|promo|banner)');
/** Newsletter and sign-up boxes. */
const NEWSLETTER_NAMES = word('newsletters?[a-z0-9]*|sign-?up[a-z0-9]*|mailing-?list|e-?mail-(?:signup|capture|form|optin|promo)|opt-?in[a-z0-9]*');
/** Share and follow bars. */
const SHARE_NAMES = word('share|shares|sharing|share(?:bar|tools|links?|this|buttons?)|addthis|shareaholic|a2a|social|socials|follow|follow-us');
/** "Related" and "read more" boxes. */
const RELATED_NAMES = word('related|read-?more|more-(?:stories|articles|news)|recommended|also-read|further-reading');
/** Words a sign-up box uses; a box named "newsletter-section" without them (nor a form) is a newsletter's own text, published as a page. */
const NEWSLETTER_TEXT = /\b(?:sign(?:ing)? ?up|subscri(?:be|bed|bing|ption)|inbox|e-?mail|newsletters?|register|alerts?)\b/i;
/** A share bar's own words; a "share-byline-timestamp" box without them holds the byline and date, not buttons. */
const SHARE_TEXT = /\b(?:share[sd]?|sharing|tweet|facebook|twitter|e-?mail|print|follow|pin(?: it)?|whatsapp|linkedin|reddit|copy|copied|save|link|messenger|telegram)\b/i;
/** Class words of the byline and the date, which a share or related box's names sometimes share. */
const BYLINE_NAMES = word('byline|author[a-z0-9]*|dateline|timestamp');
/** WordPress and other CMSs describe the topic in classes (`tag-cookies`, `category-privacy`): never a container's kind. */
const TOPIC_CLASS = /^(?:tag|tags|category|categories|topic|topics|section|post-tag|term)-/i;

/** Words a consent notice uses; a box named "cookie…" without any of them is something else (a recipe card). */
const CONSENT_TEXT = /\b(?:accept|agree|consent|privacy|preferences|personal data|partners|settings|essential|necessary|gdpr|tracking|third[- ]part(?:y|ies)|opt[- ]out)\b/i;
/** Words an offer uses; a box named "paywall" without them (nor any control) is the article text it hides. */
const OFFER_TEXT = /\b(?:subscri(?:be|ption|ber)|sign ?in|log ?in|sign ?up|register|free (?:articles?|trial|access)|unlimited (?:access|articles?|reading)|already (?:a )?(?:subscriber|member|registered)|continue reading|keep reading|per (?:month|week|year)|cancel any ?time|membership)\b/i;

/** Elements never removed, nor any element that holds one of them: the page and its main content. */
const PROTECTED_TAGS = new Set(['HTML', 'HEAD', 'BODY', 'MAIN', 'ARTICLE']);
const MAIN_CONTENT = 'main, article, [role="main"], [itemprop="articleBody"]';

/** What `removeBoilerplate` took out of a document. */
export interface Removed {
  readonly kind: ContainerKind;
  readonly words: number;
}

/**
 * Removes page furniture from a parsed page before Readability reads it: containers that by their
 * markup (class, id, role) are a cookie or consent notice, a dialog, a paywall or subscription offer,
 * a newsletter or sign-up box, a share bar or a box of related links, each only while it is small
 * (BOILERPLATE_DEFAULTS) and never one that holds the page's main content. A story about a cookie law
 * stays: it is judged by its markup, not by its words. Also removes comments, which Readability
 * (0.6) takes for paragraph breaks inside running text. Iterative: any nesting depth is safe.
 */
export function removeBoilerplate(document: DomDocument): Removed[] {
  const removed: Removed[] = [];
  const stack: DomNode[] = [document.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      if (child.nodeType === COMMENT_NODE) {
        (child as unknown as { remove(): void }).remove();
        continue;
      }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const element = child as DomElement;
      const verdict = furnitureContainer(element);
      if (verdict === null) stack.push(element);
      else {
        element.remove();
        removed.push(verdict);
      }
    }
  }
  return removed;
}

/** The kind and size of a container that is page furniture, or null to keep it (and look inside). */
export function furnitureContainer(element: DomElement): Removed | null {
  const tag = element.tagName.toUpperCase();
  if (PROTECTED_TAGS.has(tag) || element.getAttribute('role') === 'main' || element.getAttribute('itemprop') === 'articleBody') return null;
  const kind = containerKind(element, tag);
  if (kind === null) return null;
  const text = tidy(element.textContent ?? '');
  const words = text === '' ? 0 : text.split(' ').length;
  const d = BOILERPLATE_DEFAULTS;
  const small = { consent: d.consentMaxWords, dialog: d.dialogMaxWords, offer: d.offerMaxWords, newsletter: d.newsletterMaxWords, share: d.shareMaxWords, related: d.relatedMaxWords }[kind];
  if (words > small) return null;
  if (kind === 'consent' && words > 0 && !CONSENT_TEXT.test(text)) return null;
  const controls = () => element.tagName.toUpperCase() === 'FORM' || element.querySelector('button, input, form') !== null;
  if (kind === 'offer' && words > 0 && ((!OFFER_TEXT.test(text) && !controls()) || holdsProse(element))) return null;
  if (kind === 'newsletter' && words > 0 && !NEWSLETTER_TEXT.test(text) && !controls()) return null;
  if (kind === 'related' && linkShare(element, text) < d.relatedLinkShare) return null;
  if (kind === 'share' && words > d.shareBareWords && !SHARE_TEXT.test(text)) return null;
  if (element.querySelector(MAIN_CONTENT) !== null) return null;
  return { kind, words };
}

/** The kind of furniture an element's markup names, or null. */
function containerKind(element: DomElement, tag: string): ContainerKind | null {
  const names = nameWords(element);
  if (CONSENT_NAMES.test(names)) return 'consent';
  if (OFFER_NAMES.test(names)) return 'offer';
  if (NEWSLETTER_NAMES.test(names)) return 'newsletter';
  if (tag === 'FORM' && element.querySelector('input[type="email"]') !== null) return 'newsletter';
  const role = element.getAttribute('role');
  if (tag === 'DIALOG' || role === 'dialog' || role === 'alertdialog' || element.getAttribute('aria-modal') === 'true') return 'dialog';
  if (BYLINE_NAMES.test(names)) return null;
  if (SHARE_NAMES.test(names)) return 'share';
  if (RELATED_NAMES.test(names)) return 'related';
  return null;
}

/** An element's class names and id as lower-case hyphenated words, topic classes left out. */
function nameWords(element: DomElement): string {
  const classes = (element.getAttribute('class') ?? '').split(/\s+/).filter((c) => c !== '' && !TOPIC_CLASS.test(c));
  return [...classes, element.getAttribute('id') ?? '']
    .map((n) => n.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9]+/g, '-'))
    .join(' ');
}

/** The reader addressed ("you", "your"): an offer speaks to the reader, an article's text about prices does not. */
const READER = /\b(?:you|your|yours)\b/i;

/**
 * Whether a container holds a paragraph of the article's own (BOILERPLATE_DEFAULTS.offerProseWords or
 * more, not furniture, and neither speaking of an offer nor addressing the reader unless it has a clause
 * of its own): a paywall's markup around the text it hides, served in full.
 */
function holdsProse(element: DomElement): boolean {
  for (const unit of unitsOf(element)) {
    if (unit.caption || unit.text.split(' ').length < BOILERPLATE_DEFAULTS.offerProseWords) continue;
    if (furnitureLine(unit.text, unit.linked) !== null) continue;
    if ((OFFER_TEXT.test(unit.text) || OFFER_TERMS.test(unit.text) || READER.test(unit.text)) && !ownClause(unit.text)) continue;
    return true;
  }
  return false;
}

/** Share (0-1) of an element's letters that are inside its links. */
function linkShare(element: DomElement, text: string): number {
  const letters = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '').length;
  const all = letters(text);
  if (all === 0) return 0;
  let linked = 0;
  for (const a of element.querySelectorAll('a')) linked += letters(a.textContent ?? '');
  return Math.min(1, linked / all);
}

/** Kinds of short line that are page furniture rather than the article's text. */
export type LineKind = 'call-to-action' | 'notice' | 'share' | 'read-more' | 'label' | 'date';

/**
 * Calls to action that open a line. The line is one only when what follows continues the imperative
 * ({@link CALL_CONTINUES}) and it has no clause of its own (clauses.ts): "Sign up numbers were strongest
 * in India" and "Advertisement revenue rose" are the article's sentences.
 */
const CALL_TO_ACTION = /^(?:sign(?:ing)? up|subscribe|follow (?:us|me|him|her|them)|follow @[\p{L}\p{N}_.]+|(?:click|tap) (?:here(?: to \p{L}+)?|to \p{L}+)|(?:download|get|install) (?:the|our) (?:[\p{L}-]+ )?app|join|support (?:us|our (?:journalism|work|reporting)|independent journalism)|register (?:now|for free|here)|log ?in|sign in|create (?:a |an |your )?(?:free )?account|already (?:a |have an )?(?:subscriber|member|account|registered)|not a (?:subscriber|member)|become a (?:subscriber|member)|advertisement|skip (?:advertisement|ad)|continue reading|keep reading|(?:story|article) continues|(?:start|begin|try) (?:your |a )?free trial)(?![\p{L}\p{N}])/iu;
/**
 * Words that continue an imperative ("Sign up for…", "Subscribe now", "Log in or register", "Follow us
 * on…"); any other word after the call's own words makes them a noun ("Sign up numbers", "Log in sharing").
 */
const CALL_CONTINUES = new Set([
  'for', 'to', 'now', 'today', 'here', 'free', 'and', 'or', 'with', 'on', 'at', 'via', 'in', 'below', 'above', 'from', 'by', 'before',
  'after', 'if', 'when', 'this', 'the', 'our', 'your', 'a', 'an', 'us', 'me', 'more', 'unlimited', 'instantly', 'online', 'again',
  'anytime', 'it', 'up', 'daily', 'weekly', 'every', 'all', 'only', 'just', 'using', 'through', 'without', 'as', 'first',
]);
/** The publisher speaking of itself: a longer call to action ("Follow us on Instagram and TikTok for the latest news") is furniture only with it. */
const PUBLISHER = /\b(?:us|our|we)\b/i;
/** Imperatives that open a subscription offer, and a price that does ("Just £1 for 3 months"). */
const OFFER_START = /^(?:subscribe|sign up|join|register|start|try|get|unlock|become a (?:member|subscriber)|support (?:us|our (?:journalism|work|reporting)|independent journalism)|(?:now )?(?:just|only|from) [$£€]\s?\d+(?:[.,]\d+)?)(?![\p{L}\p{N}])/iu;
/** The terms of an offer: a price per period, "cancel anytime", unlimited access, a free trial. */
const OFFER_TERMS = new RegExp(
  [
    String.raw`[$£€]\s?\d+(?:[.,]\d+)?\s*(?:a|an|per|\/)\s*(?:week|month|year|day)\b`,
    String.raw`[$£€]\s?\d+(?:[.,]\d+)?\s*for (?:\d+|one|two|three|six|twelve|the first|your first) (?:weeks?|months?|years?)\b`,
    String.raw`\b(?:\d+|one|two|three|six|twelve) (?:weeks?|months?) for [$£€]\s?\d`,
    String.raw`\bper (?:week|month|year)\b|\bcancel (?:at )?any ?time\b|\bunlimited (?:digital )?(?:access|reading|articles?)\b|\bfree trial\b|\bdigital (?:subscription|access)\b`,
  ].join('|'),
  'i',
);
/**
 * A consent notice's own lines ("We use cookies to improve your experience", "Accept all cookies",
 * "Cookie settings"), short, and only with the words such notices use: "We use cookies to track users,
 * the company admitted" is news.
 */
const COOKIE_LINE = /^(?:(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b|(?:accept|reject|allow|manage|decline|refuse)(?: all| additional| optional| necessary)? cookies\b|cookie (?:settings|preferences|policy|notice)$)/i;
const COOKIE_WORDS = /\b(?:you|your|experience|improve|essential|necessary|settings|preferences|policy|notice|accept|reject|allow|manage|decline|refuse|agree|consent|continu\w*|browsing)\b/i;
/** Notices of paywalls and newsletters addressed to the reader, anywhere in a line of up to BOILERPLATE_DEFAULTS.noticeWords. */
const NOTICES = [
  /\b(?:you(?:'|’)ve|you have) (?:reached|used|read|hit) (?:your|all|the|all of your|\d+)\b.*\b(?:limit|free|articles?|stories)\b/i,
  /\b(?:this|the) (?:article|story|content|page) is (?:for|only (?:available )?(?:to|for)|reserved for|exclusive to) (?:subscribers|members|premium)/i,
  /\byou have \d+ free (?:articles?|stories)\b|\bfree (?:articles?|stories) (?:left|remaining)\b/i,
  /\bdelivered (?:straight |directly )?to your inbox\b|^enter your e-?mail\b|^(?:thanks?|thank you) for (?:signing up|subscribing|registering)\b|^by (?:signing up|subscribing|clicking|registering|entering your e-?mail)\b/i,
];
/** Notices that are imperatives: furniture only without a clause of their own ("Sign up for the newsletter was made compulsory…" is news). */
const IMPERATIVE_NOTICES = [
  /\b(?:subscribe|sign ?in|log ?in|register|sign ?up|join)(?: now| today| for free)? (?:to|and) (?:continue reading|keep reading|read (?:more|on|the (?:full|rest|whole))|unlock|access (?:this|the|all|our|unlimited)|get (?:unlimited|full|access))/i,
  /^(?:sign up|subscribe|get|receive|join)\b.*\bnewsletters?\b/i,
];
/** WordPress's feed footer: "The post <title> appeared first on <site>." */
const FEED_FOOTER = /^the post .+ appeared first on .+$/i;
/** WordPress's "more" link: "Continue reading <title> →", "Read more …" (its title is any length, hence the arrow or the link). */
const CONTINUE_LINE = /^(?:continue reading|keep reading|read more|read the (?:full|rest of the) (?:article|story|post))\b/i;
const CONTINUE_END = /(?:→|»|›|\.\.\.|…|\[…\]|\[\.\.\.\])\s*$/u;
/** Print lines: "A version of this article appears in print on …", "Appeared in the March 1, 2024, print edition as …". */
const PRINT_LINE = /^(?:a version of this (?:article|story) appears in print|this (?:article|story) appeared in (?:print|the [^.]{0,40}print edition)|appeared in the [^.]{0,40}print edition)\b/i;
/** "Share this", WordPress's "Like this:", and lines made only of the names of networks ("Facebook Twitter Email"). */
const SHARE_LINE = /^(?:share (?:this|on|via|the|article|story|page)\b|like this:?$|(?:(?:share|tweet|facebook|twitter|x|linkedin|whatsapp|e-?mail|print|reddit|pinterest|telegram|copy link|flipboard|messenger|pocket|mail)\b[\s|,·•/]*)+$)/i;
/**
 * "Read more: <headline>", "[Read: …]", "Related: …", and the labels of lists of links ("More games
 * news:", "More about the federal debt and the economy", with no full stop) (up to noticeWords).
 */
const READ_MORE = /^\[?\s*(?:(?:read|see) (?:more|also|next)|read|also read|related(?: stories| articles| content| coverage)?|recommended(?: reading)?|more)\s*(?:$|[:»›|]|\]$)|^more\b[^.!?]{0,40}:$|^more (?:about|on|from|in) [^.!?:]{1,60}$/i;
/** A line that only labels what follows or stood beside it ("Image", "EXCLUSIVE", "Advertisement"). */
const LABEL = /^(?:image|images|photo|photos|video|audio|graphic|gallery|advertisement|ad|sponsored(?: content)?|exclusive|loading(?:…|\.\.\.)?)$/i;
/** Labels of a date line; "updated" dates are not the date of publication. */
const DATE_LABEL = /\b(?:first |originally )?(?:published|posted|updated|last updated|modified|last modified)\b/i;
const DATE_LABELS = new RegExp(DATE_LABEL.source, 'gi');
/** What else a date line says: the reading time ("3 min read") and the byline ("By Jane Smith |"). */
const READING_TIME = /\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?)\.?\s+read\b/gi;
const BY_NAME = /\bby\s+(?:\p{Lu}[\p{L}'’.-]*\s*){1,4}(?=[|·•,–—-]|$)/gu;

/**
 * What kind of page furniture a line of an article body is, or null for the article's own text. `linked`
 * is the share of its letters inside links. Judged by pattern and length: a short call to action, a
 * paywall or newsletter notice, a share line, a "read more" line (or a short line that is only a link),
 * a label, a date line.
 */
export function furnitureLine(line: string, linked: number): LineKind | null {
  const words = line.split(' ').length;
  const d = BOILERPLATE_DEFAULTS;
  if (words <= 3 && LABEL.test(line)) return 'label';
  if (words <= d.noticeWords && callToAction(line, words)) return 'call-to-action';
  if (words <= d.lineWords && COOKIE_LINE.test(line) && COOKIE_WORDS.test(line) && !ownClause(line)) return 'notice';
  if (words <= d.lineWords && SHARE_LINE.test(line) && !ownClause(line)) return 'share';
  if (words <= d.noticeWords && NOTICES.some((n) => n.test(line))) return 'notice';
  if (words <= d.noticeWords && IMPERATIVE_NOTICES.some((n) => n.test(line)) && !ownClause(line)) return 'notice';
  if (words <= d.offerLineWords && offerLine(line)) return 'notice';
  if (words <= d.printLineWords && (PRINT_LINE.test(line) || FEED_FOOTER.test(line))) return 'notice';
  if (words <= d.noticeWords && READ_MORE.test(line)) return 'read-more';
  if (words <= d.noticeWords && CONTINUE_LINE.test(line) && (CONTINUE_END.test(line) || linked >= d.linkLineShare) && !ownClause(line)) return 'read-more';
  if (words <= d.linkLineWords && linked >= d.linkLineShare) return 'read-more';
  if (dateLine(line) !== null) return 'date';
  return null;
}

/**
 * Whether a line is a call to action: it opens with one, the words after it continue the imperative, it
 * has no clause of its own, and it is short (BOILERPLATE_DEFAULTS.lineWords) or speaks of the publisher.
 */
function callToAction(line: string, words: number): boolean {
  const call = CALL_TO_ACTION.exec(line);
  if (call === null || !continuesCall(line.slice(call[0].length)) || ownClause(line)) return false;
  return words <= BOILERPLATE_DEFAULTS.lineWords || PUBLISHER.test(line);
}

/** Whether what follows a call's words continues it: nothing, punctuation, an arrow, a price, or a word of {@link CALL_CONTINUES}. */
function continuesCall(rest: string): boolean {
  const next = rest.trimStart().split(' ', 1)[0]!;
  if (next === '' || /^[^\p{L}\p{N}]/u.test(next)) return true;
  return CALL_CONTINUES.has(next.toLowerCase().replace(/[^\p{L}]+$/u, ''));
}

/** A subscription offer: an imperative that continues as one, with the terms of an offer, and no clause of its own. */
function offerLine(line: string): boolean {
  const start = OFFER_START.exec(line);
  const rest = line.slice(start?.[0].length ?? 0);
  // "Try 3 months for £1": a number or a price may follow an offer's imperative.
  return start !== null && OFFER_TERMS.test(line) && (continuesCall(rest) || /^\s*[$£€\d]/u.test(rest)) && !ownClause(line);
}

/** A line that states when the article was published or updated. */
export interface DateLine {
  /**
   * The date of publication it states, as an ISO 8601 instant (`toISOString()`; a date without a time
   * is midnight UTC, a time without a zone is UTC, as the feed reader reads them); null for an update
   * date, or a date that cannot be read without guessing (`05/03/2024`: day and month cannot be told apart).
   */
  readonly published: string | null;
}

/**
 * Whether a line is only a date, with at most a label ("Published on", "Updated") and a source's name
 * before it ("CNNMoney (New York) First published February 1, 2016: 1:28 AM ET"): chrono-node finds
 * the date in the line, and the feed reader's `readDate` reads it, never guessing.
 */
export function dateLine(line: string): DateLine | null {
  if (line.split(' ').length > BOILERPLATE_DEFAULTS.dateLineWords) return null;
  const found = chrono.en.strict.parse(line, new Date(0));
  if (found.length === 0) return null;
  let rest = line;
  for (const r of found) rest = rest.replace(r.text, ' ');
  const labelled = DATE_LABEL.test(rest);
  const other = rest.replace(DATE_LABELS, ' ').replace(READING_TIME, ' ').replace(BY_NAME, ' ').replace(/\b(?:on|at|date|time)\b/gi, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const otherWords = other === '' ? 0 : other.split(' ').length;
  if (otherWords > 0 && !(labelled && otherWords <= BOILERPLATE_DEFAULTS.dateLineOtherWords)) return null;
  // "The report was published on 5 March 2024." has a subject and a verb: the article's sentence, not its metadata.
  if (hasFiniteVerb(line)) return null;
  if (/\b(?:updated|modified)\b/i.test(line)) return { published: null };
  return { published: readDate(found[0]!.text)?.toISOString() ?? null };
}
