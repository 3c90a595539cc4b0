import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadTooling, type Quote } from '../../src/engine/index.js';
import { emptyRoleScore, scoreRoles, type RoleScore } from './polnear-roles.js';
import { EVAL_DIR, readJsonl } from './squad.js';

const { ArticlePeople, extractQuotes, parseArticle } = await loadTooling();

interface Span { text: string; spans: [number, number][] }
interface Attribution { id: string; source: Span | null; cue: Span | null; content: Span | null; quote_type: 'direct' | 'mixed' | 'indirect' | 'none'; quoted_segments: string[]; paragraph: number }
export interface PolnearArticle { id: string; title: string; text: string; paragraphs: string[]; attributions: Attribution[] }

export const polnearFile = (split: 'train' | 'dev' | 'test') => join(EVAL_DIR, 'polnear', `polnear-${split}.jsonl`);
export const hasPolnear = () => existsSync(polnearFile('dev'));

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
/** Two quotation texts are the same quotation when one holds the other, or most of the shorter's words are shared. */
function sameQuote(a: string, b: string): boolean {
  const x = norm(a);
  const y = norm(b);
  if (!x || !y) return false;
  if (x.includes(y) || y.includes(x)) return true;
  const xs = new Set(x.split(' '));
  const ys = y.split(' ');
  const shared = ys.filter((w) => xs.has(w)).length;
  return shared / Math.min(xs.size, ys.length) >= 0.7;
}

/**
 * The surname in an annotated source, or null for "he", "officials", "the campaign". Appositions are
 * dropped first ("Hans Joachim Schellnhuber, the director of the Potsdam Institute" → "schellnhuber",
 * "Representative Charles B. Rangel of New York" → "rangel"), then the last run of capitalised words
 * is the name ("White House press secretary Josh Earnest" → "earnest").
 */
const NOT_A_NAME = /^(?:The|A|An|He|She|They|It|We|I|His|Her|Their|This|That|Republican|Republicans|Democratic|Democrat|Democrats|GOP|American|Americans|Former|Presumptive|Conservative|Liberal|Progressive|Independent|Presidential)$/u;

export function sourceName(source: string): string | null {
  const head = source.split(/[,(]|\s(?:of|at|for|from|in|with|who|whom|which|and)\s/u)[0]!.replace(/['’]s\b/gu, '');
  const runs = head.split(/\s+(?=\p{Ll})|(?<=\p{Ll}[\p{L}]*)\s+/u).join(' ').split(/\s+/);
  let last: string[] = [];
  let current: string[] = [];
  for (const w of runs) {
    if (/^\p{Lu}/u.test(w) && !NOT_A_NAME.test(w)) current.push(w);
    else {
      if (current.length) last = current;
      current = [];
    }
  }
  if (current.length) last = current;
  const name = last[last.length - 1];
  return name ? name.replace(/[^\p{L}-]/gu, '').toLowerCase() || null : null;
}

export interface PolnearScore {
  articles: number;
  extracted: number;
  correct: number;
  gold: number;
  found: number;
  named: number;
  namedRight: number;
  /** People's roles (see {@link RoleScore}). */
  roles: RoleScore;
  errors: string[];
}

/**
 * Direct-quotation extraction precision and recall, speaker accuracy on direct quotations whose
 * annotated source is a name (surname match), and people's roles ({@link RoleScore}), for one PolNeAR split.
 */
export function scorePolnear(split: 'train' | 'dev' | 'test', limit = Infinity): PolnearScore {
  const score: PolnearScore = { articles: 0, extracted: 0, correct: 0, gold: 0, found: 0, named: 0, namedRight: 0, roles: emptyRoleScore(), errors: [] };
  for (const a of readJsonl<PolnearArticle>(polnearFile(split)).slice(0, limit)) {
    const parsed = parseArticle(a.id, a.paragraphs.join('\n\n'));
    if (!parsed.ok) continue;
    score.articles++;
    const people = new ArticlePeople(parsed.value);
    scoreRoles(score.roles, people, a.attributions.filter((x) => x.source).map((x) => ({ text: x.source!.text, surname: sourceName(x.source!.text) })));
    const ours = extractQuotes(parsed.value, people).filter((q) => q.kind === 'direct');
    const quoted = a.attributions.filter((x) => x.quoted_segments.length > 0);
    score.extracted += ours.length;
    score.correct += ours.filter((q) => quoted.some((g) => g.quoted_segments.some((seg) => sameQuote(q.text, seg)))).length;
    for (const g of a.attributions.filter((x) => x.quote_type === 'direct')) {
      score.gold++;
      // The same words may be quoted twice in an article: prefer our quotation from the gold paragraph.
      // (PolNeAR counts the headline as paragraph 0; Pilcrow numbers the first body paragraph ¶1.)
      const matching = ours.filter((q) => g.quoted_segments.some((seg) => sameQuote(q.text, seg)));
      const match: Quote | undefined = matching.find((q) => q.paragraph === g.paragraph) ?? matching[0];
      if (!match) continue;
      score.found++;
      const name = g.source ? sourceName(g.source.text) : null;
      if (!name) continue;
      score.named++;
      const speakerWords = (match.speaker ?? '').toLowerCase().replace(/['’]s\b/gu, '').split(/\s+/).map((w) => w.replace(/[^\p{L}-]/gu, ''));
      const right = speakerWords.includes(name);
      if (right) score.namedRight++;
      else if (score.errors.length < 2000) score.errors.push(`${a.id} | gold ${g.source!.text} | ours ${match.speaker} (${match.cue}) | ${match.text.slice(0, 70)}`);
    }
  }
  return score;
}
