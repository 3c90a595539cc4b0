import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTooling } from '../../src/engine/index.js';
import type { Article } from '../../src/model/article.js';

const { loadKnowledge } = await loadTooling();

/** The shared evaluation data, beside the repository (never copied into it); PILCROW_EVAL_DIR overrides. */
export const EVAL_DIR = resolve(process.env.PILCROW_EVAL_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'eval'));

export interface SquadQuestion { id: string; question: string; answers: string[]; answer_starts: number[]; paragraph: number }
export interface SquadArticle { id: string; title: string; paragraphs: string[]; questions: SquadQuestion[] }

export const readJsonl = <T>(file: string): T[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);

/** Even-numbered SQuAD articles are dev (tune on them); odd-numbered are test (report only). */
export const isDevArticle = (id: string): boolean => Number(id.slice(-2)) % 2 === 0;

/** Norm for comparing a returned context with a SQuAD paragraph. */
export const sameText = (a: string, b: string): boolean => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * All 48 SQuAD articles written as knowledge files into a temporary folder and loaded through the
 * real loader, pooled into one knowledge base; null when the data is absent.
 */
export async function loadSquadPooled(): Promise<{ squad: SquadArticle[]; articles: readonly Article[] } | null> {
  const file = join(EVAL_DIR, 'squad-v1.1-dev', 'squad-v1.1-dev.jsonl');
  if (!existsSync(file)) return null;
  const squad = readJsonl<SquadArticle>(file);
  const articles = await loadThroughFolder('squad', squad.map((a) => [a.id, `${a.title.replace(/_/g, ' ')}\n\n${a.paragraphs.join('\n\n')}\n`]));
  return { squad, articles };
}

/**
 * Articles given as knowledge-file texts, written into a temporary folder and read back through the
 * real loader (so evaluations parse exactly as `knowledge/` does). Any bad file is an error.
 */
export async function loadThroughFolder(name: string, files: readonly (readonly [id: string, text: string])[]): Promise<readonly Article[]> {
  const dir = mkdtempSync(join(tmpdir(), `pilcrow-${name}-`));
  try {
    for (const [id, text] of files) writeFileSync(join(dir, `${id}.txt`), text);
    const loaded = await loadKnowledge(dir);
    if (!loaded.ok) throw new Error(`${name}: ${loaded.error.message}`);
    if (loaded.value.errors.length > 0) throw new Error(`${name}: ${loaded.value.errors.map((e) => e.message).join('; ')}`);
    return loaded.value.articles;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SQuAD's answer normalisation: lower-case, no punctuation, no articles, single spaces. */
export function squadNormalise(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\b(a|an|the)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Whether a text holds one of a question's gold answers, as whole words after SQuAD normalisation. */
export function containsAnswer(text: string, answers: readonly string[]): boolean {
  const t = ` ${squadNormalise(text)} `;
  return answers.some((a) => t.includes(` ${squadNormalise(a)} `));
}
