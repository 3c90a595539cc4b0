import { loadTooling, type ArticlePeople } from '../../src/engine/index.js';

const { expandTitle, isTitle, surnameOf } = await loadTooling();

/**
 * How well Pilcrow reads people's roles on PolNeAR, counted article by article:
 *
 * - `people`: distinct people Pilcrow finds in the articles (one per article and canonical name);
 *   `withRole`: how many of them get a role.
 * - `annotated`: distinct people (article and surname) whose annotated source span holds words
 *   besides their name: a role or title as the annotator marked it ("White House press secretary Josh
 *   Earnest", "Rep. Gwen Moore (D-Wis.)", "Hans Joachim Schellnhuber, the director of the Potsdam
 *   Institute"). PolNeAR does not annotate roles as such; the source span is where they are written.
 * - `annotatedFound`: of those, the people Pilcrow finds; `annotatedWithRole`: …that get a role from
 *   Pilcrow; `annotatedAgree`: …whose role (any of the roles read) shares a word with the annotated
 *   span's words besides the name, titles read in full ("Sen." = "senator").
 */
export interface RoleScore {
  people: number;
  withRole: number;
  annotated: number;
  annotatedFound: number;
  annotatedWithRole: number;
  annotatedAgree: number;
}

export const emptyRoleScore = (): RoleScore => ({ people: 0, withRole: 0, annotated: 0, annotatedFound: 0, annotatedWithRole: 0, annotatedAgree: 0 });

/** Words that say nothing of a role: articles, links, pronouns. */
const FILLER = new Set(['the', 'a', 'an', 'of', 'for', 'at', 'in', 'on', 'to', 'and', 'or', 'with', 'by', 'from', 'who', 'whose', 'which', 'his', 'her', 'their', 'its', 's']);

/** A span's words for comparing roles: lower case, titles in full, without fillers. */
function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}-]+/u).map((w) => w.replace(/^-+|-+$/gu, '')).filter((w) => w.length > 1 && !FILLER.has(w)).flatMap((w) => (isTitle(w) ? expandTitle(w).split(' ') : [w]));
}

/**
 * Adds one article to the score: `people` as Pilcrow read it, `sources` the annotated source spans
 * with the surname each names (as `sourceName` reads it; null when the source is no name).
 */
export function scoreRoles(score: RoleScore, people: ArticlePeople, sources: readonly { text: string; surname: string | null }[]): void {
  const found = new Map<string, string>(); // surname → canonical
  for (const p of people.main()) {
    score.people++;
    if (people.person(p.name)?.role) score.withRole++;
    found.set(surnameOf(p.name), p.name);
  }
  const gold = new Map<string, Set<string>>(); // surname → the annotated words besides the name
  for (const s of sources) {
    if (!s.surname) continue;
    // The name is the capitalised run holding the surname; the rest of the span is role or title.
    const run = new RegExp(`(?:\\p{Lu}[\\p{L}.'’-]*\\s+){0,3}${s.surname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:['’]s)?`, 'iu').exec(s.text);
    if (!run) continue;
    const rest = words(s.text.slice(0, run.index) + ' ' + s.text.slice(run.index + run[0].length));
    if (rest.length === 0) continue;
    const set = gold.get(s.surname) ?? new Set<string>();
    for (const w of rest) set.add(w);
    gold.set(s.surname, set);
  }
  for (const [surname, annotated] of gold) {
    score.annotated++;
    const name = found.get(surname);
    if (!name) continue;
    score.annotatedFound++;
    const roles = people.person(name)?.roles ?? [];
    if (roles.length === 0) continue;
    score.annotatedWithRole++;
    if (roles.some((r) => words(r).some((w) => annotated.has(w)))) score.annotatedAgree++;
  }
}
