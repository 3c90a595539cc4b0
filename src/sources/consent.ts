import { tidy, unitBlocks, type DomElement, type DomNode } from './blocks.js';
import { reportsSpeech } from './clauses.js';

/** Limits of reading consent text by its words; see each field. */
export const CONSENT_DEFAULTS = Object.freeze({
  /**
   * A paragraph addressed to the reader with none of the consent notices' own terms ({@link STRONG}) needs
   * at least this many of their weaker words ("accept", "your settings", "strictly necessary") to be
   * consent text. 1 would take "If you accept the offer, your pension settings change" for a notice. 2-4.
   */
  weakTerms: 2,
  /** A notice's title line ("Your privacy choices", "Cookies on this site") has at most this many words. 3-10. */
  titleWords: 6,
  /**
   * Lines this short between paragraphs of consent text (the items of a notice's list of purposes, "Yahoo
   * is part of the Yahoo family of brands.") belong to the notice's run; a longer line ends it. 0-20.
   */
  glueWords: 12,
});

/**
 * The consent notices' own terms: one is enough in a paragraph that addresses the reader or speaks as
 * the site. From the notices of the common platforms (IAB TCF's purposes, OneTrust's, Didomi's…).
 */
const STRONG = [
  /\bcookies?\b/i,
  /\bconsent\b/i,
  /\bpersonal (?:data|information)\b/i,
  /\bpersonali[sz]ed (?:ads|advertising|advertisements|content|experiences?)\b/i,
  /\blegitimate interests?\b/i,
  /\b(?:store|access)(?:es)?(?: (?:and\/or|and|or) (?:store|access))? (?:information|data) (?:on|from) (?:a|your) device\b/i,
  /\b(?:on|from|to) your (?:device|browser|computer)\b/i,
  /\bprivacy (?:policy|notice|settings|choices|preferences|cent(?:er|re)|statement|options)\b/i,
  /\b(?:our|its|\d+) (?:advertising |trusted |third[- ]party |media )?(?:partners|vendors)\b/i,
  /\btracking technolog(?:y|ies)\b/i,
  /\b(?:do not|don't|don’t) sell\b/i,
  /\bopt[- ]out\b/i,
];

/** Words consent notices use that other text uses too: several are needed. */
const WEAK = [
  /\baccept\b/i,
  /\breject\b/i,
  /\ballow\b/i,
  /\bdecline\b/i,
  /\bagree\b/i,
  /\b(?:manage|change|update|review) (?:your )?(?:preferences|settings|choices|options)\b/i,
  /\byour (?:preferences|settings|choices|permission)\b/i,
  /\bstrictly (?:necessary|required)\b/i,
  /\b(?:switched|turned) off\b/i,
  /\b(?:necessary|essential|optional|additional) (?:cookies|tools|technologies|files)\b/i,
  /\banalytics\b/i,
  /\bmeasure (?:audiences?|how|the|ad|ads|advertising)\b/i,
  /\bimprove (?:your experience|our (?:services|site|website))\b/i,
  /\bbest (?:possible )?experience\b/i,
  /\bwithdraw\b/i,
];

/** The reader addressed, or the site speaking of itself. */
const ADDRESS = /\b(?:we|our|ours|you|your|yours|this (?:web)?site)\b/i;
/** "us" in lower case only: "US" is a country. */
const US = /\bus\b/;
/**
 * The site saying what it does with the reader's data, as every notice does: "we use", "we and our 842
 * partners store and access", "this website and its partners store", "we would like to set", "our use of
 * cookies", "by continuing". An essay's "we need to protect those of us who opt out" does not.
 */
const SITE_USES = new RegExp(
  String.raw`\b(?:we|this (?:web)?site|our (?:web)?site)(?: (?:and|&) (?:our|its) (?:\d+ )?(?:trusted |advertising )?partners)?` +
    String.raw`(?: would like to|['’]d like to| may| also| will| do not| don't| don’t| only)? (?:use|uses|store|stores|set|sets|collect|collects|process|processes|share|shares|access|accesses)\b` +
    String.raw`|\bour use of\b|\bby (?:clicking|continuing|using|browsing|selecting)\b`,
  'i',
);
/** A title line's words: "Your privacy choices", "Cookies on this site", "We value your privacy". */
const TITLE = /\b(?:cookies?|privacy|consent)\b/i;

const count = (patterns: readonly RegExp[], text: string) => patterns.reduce((n, p) => n + (p.test(text) ? 1 : 0), 0);

/**
 * Whether a paragraph is consent or cookie text: it addresses the reader or speaks as the site ("we use",
 * "you can", "your"), with the consent notices' terms, and reports nobody's words. "This website uses
 * cookies to follow you everywhere, one complainant wrote" reports speech, and "Manage cookies links were
 * hidden" addresses nobody: an article's sentences about cookies.
 *
 * @example consentParagraph('We and our partners use cookies to personalise ads.') // true
 * @example consentParagraph('We use cookies, the company admitted.') // false
 */
export function consentParagraph(text: string): boolean {
  if (reportsSpeech(text) || !(ADDRESS.test(text) || US.test(text))) return false;
  return count(STRONG, text) > 0 || count(WEAK, text) >= CONSENT_DEFAULTS.weakTerms;
}

/** A paragraph in which the site itself says what it does with the reader's data: each run of consent text needs one. */
function siteNotice(text: string): boolean {
  return consentParagraph(text) && SITE_USES.test(text) && count(STRONG, text) > 0;
}

/** A notice's short title ("Cookies on this site", "Your privacy is important to us"), which may open a run of consent text but never makes one. */
function consentTitle(text: string): boolean {
  return text.split(' ').length <= CONSENT_DEFAULTS.titleWords && TITLE.test(text) && !reportsSpeech(text);
}

/**
 * How many of a body's first and last paragraphs are a consent notice: the longest run at each end of
 * paragraphs that are consent text (or a notice's title), with short lines between them (its list items),
 * when the run holds a paragraph in which the site says what it does with the reader's data. Never inside
 * the body: an article about cookies quotes such sentences in its middle. When every paragraph is consent
 * text the page is a consent wall: `lead` is all of them.
 */
export function consentEdges(paragraphs: readonly string[]): { lead: number; trail: number } {
  const member = (p: string) => consentParagraph(p) || consentTitle(p);
  const run = (indexes: number[]) => {
    let n = 0;
    let notice = false;
    for (let k = 0; k < indexes.length; k++) {
      const p = paragraphs[indexes[k]!]!;
      if (member(p)) {
        notice ||= siteNotice(p);
        n = k + 1;
      } else if (p.split(' ').length > CONSENT_DEFAULTS.glueWords) break;
    }
    return notice ? n : 0;
  };
  const all = paragraphs.map((_, i) => i);
  const lead = run(all);
  if (lead === paragraphs.length) return { lead, trail: 0 };
  return { lead, trail: run(all.slice(lead).reverse()) };
}

/**
 * Removes from a page the elements that hold these paragraphs of consent text, each only when it holds
 * nothing else; returns how many. For reading the page again when Readability took a consent notice that
 * no class names for the article (or its start): without the notice's paragraphs it finds the article.
 */
export function removeConsentText(root: DomNode, paragraphs: readonly string[]): number {
  const wanted = new Set(paragraphs);
  let removed = 0;
  for (const { unit, block } of unitBlocks(root)) {
    if (block === null || !wanted.has(unit.text) || tidy(block.textContent ?? '') !== unit.text) continue;
    (block as DomElement).remove();
    removed++;
  }
  return removed;
}
