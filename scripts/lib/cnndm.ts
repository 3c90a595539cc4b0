import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../../src/model/article.js';
import { EVAL_DIR, loadThroughFolder, readJsonl } from './squad.js';

export interface CnndmArticle { id: string; publisher: string; url: string; frank_split: 'valid' | 'test'; text: string; sentences: string[]; reference: string }
export interface ReaderQuestion {
  article: string;
  q: string;
  evidence: string[];
  /** Typed the way people type in Discord (lower case, "whats", "rn"); false when the file does not say. */
  casual: boolean;
  /** The file the question comes from ("dev", "dev2", "test", ...). */
  set: string;
}

export const cnndmFile = join(EVAL_DIR, 'cnndm-xsum-frank', 'cnndm-test-frank.jsonl');
export const readerDir = join(EVAL_DIR, 'newsqa-style');

/**
 * The article's headline as its URL gives it ("…/article-3039209/Greece-denies-fail-pay-….html" →
 * "Greece denies fail pay …"): CNN/DM's text has no title, and a real feed item always has one.
 */
export function titleFromUrl(url: string, fallback: string): string {
  let path = '';
  try {
    path = new URL(url.slice(url.lastIndexOf('http'))).pathname; // the archived page's own URL
  } catch {
    return fallback;
  }
  const slug = path.split('/').filter((s) => s !== '' && s !== 'index.html').pop() ?? '';
  const words = slug.replace(/\.html?$/, '').replace(/^(?:feat|article)-\d*-?/, '').split('-').filter((w) => /\p{L}/u.test(w));
  if (words.length < 2) return fallback;
  const title = words.join(' ');
  return title[0]!.toUpperCase() + title.slice(1);
}

/**
 * The 250 CNN/DailyMail articles written as knowledge files (one FRANK sentence a paragraph, as the
 * Daily Mail writes; the headline from the URL) and loaded through the real loader; null when the
 * data is absent.
 */
export async function loadCnndm(): Promise<{ cnndm: CnndmArticle[]; articles: readonly Article[] } | null> {
  if (!existsSync(cnndmFile)) return null;
  const cnndm = readJsonl<CnndmArticle>(cnndmFile);
  const articles = await loadThroughFolder('cnndm', cnndm.map((a) => [a.id, `${titleFromUrl(a.url, a.id)}\n\n${a.sentences.map((s) => s.trim()).filter(Boolean).join('\n\n')}\n`]));
  return { cnndm, articles };
}

/**
 * The reader questions of a split: every `<split>*.jsonl` of newsqa-style (dev: dev.jsonl and
 * dev2.jsonl, 330 questions on 66 articles), or null when there is none (the test split is kept aside).
 */
export function loadReaderQuestions(split: 'dev' | 'test'): ReaderQuestion[] | null {
  if (!existsSync(readerDir)) return null;
  const files = readdirSync(readerDir).filter((f) => new RegExp(`^${split}\\d*\\.jsonl$`).test(f)).sort();
  if (files.length === 0) return null;
  return files.flatMap((f) =>
    readJsonl<Omit<ReaderQuestion, 'casual' | 'set'> & { casual?: boolean }>(join(readerDir, f)).map((q) => ({ ...q, casual: q.casual === true, set: f.replace(/\.jsonl$/, '') })),
  );
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Whether a returned quotation holds one of the evidence spans (each lies inside one sentence). */
export const holdsEvidence = (quote: string, evidence: readonly string[]): boolean => evidence.some((e) => squash(quote).includes(squash(e)));
