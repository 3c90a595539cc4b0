import { err, ok, type Result } from '../result.js';
import { cleanParts } from './clean.js';
import { splitSentences } from './sentences.js';
import type { Article, ArticleMeta, KnowledgeError, Passage, Sentence } from '../model/article.js';

/** Tuning for parsing articles; see each field. */
export const PARSE_DEFAULTS = Object.freeze({
  /**
   * Longest passage, in characters. A longer paragraph (no news paragraph is; a malformed page or a
   * file without blank lines may hold one of megabytes) is cited in pieces of at most this length,
   * cut where a sentence ends (else between words): every question would otherwise score each of
   * its hundreds of thousands of words. The text is kept whole, in order. 5,000-100,000.
   */
  maxPassageChars: 20_000,
});

/** How articles are parsed. */
export interface ParseOptions {
  /** Splits a passage into sentences (default {@link splitSentences}; the app passes one that remembers splits across restarts). */
  readonly split?: (text: string) => Sentence[];
}

/**
 * Photo credits that mark a line as a caption: "… - Credit: Sputnik/Reuters", "… Credit: X",
 * "… - Photo: X", and an agency in capitals after a dash ("… - AP POOL", "… - REUTERS").
 */
const CREDIT_PATTERNS: readonly RegExp[] = [
  /(?:^|\s)(?:[-–—|]\s*)?(?:photo(?:graph)?|picture|image|credit|source)s?\s*(?:credit)?\s*:\s*\S[^.!?]{0,80}$/iu,
  /\s[-–—]\s+(?:[A-Z][A-Z/&.]+)(?:\s+[A-Z][A-Z/&.]+){0,3}$/u,
  /\s[-–—]\s+(?:getty images|reuters|ap photo|afp|epa|pa|alamy|shutterstock)\b[^.!?]{0,40}$/iu,
];

const FRONT_MATTER_KEYS: Record<string, keyof ArticleMeta | 'title'> = {
  title: 'title',
  source: 'source',
  url: 'source',
  published: 'published',
  date: 'published',
  author: 'author',
  by: 'author',
};

/**
 * Parses one knowledge file into an {@link Article}. Pure: no file-system access.
 *
 * Format (see knowledge/README.md): optional front matter between `---` lines; the first non-empty
 * line is the title (a leading `# ` is dropped); paragraphs are separated by blank lines. Photo
 * captions (a line ending in a photo credit, or a block of the same line repeated) are kept as
 * captions, numbered apart from paragraphs, and printed-twice duplicates are dropped. Markdown
 * sub-headings (`## …`) are not paragraphs.
 *
 * @example parseArticle('summit', 'Title\n\nFirst paragraph.').value.paragraphs[0].n // 1
 */
export function parseArticle(id: string, raw: string, file = id, options: ParseOptions = {}): Result<Article, KnowledgeError> {
  const split = options.split ?? splitSentences;
  const fail = (code: KnowledgeError['code'], problem: string) => err({ code, file, message: `${file}: ${problem}` });
  if (raw.includes('\u0000')) return fail('not_text', 'is not a text file (it contains NUL bytes).');
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return fail('empty', 'is empty.');

  const meta: { -readonly [K in keyof ArticleMeta]: string } & { title?: string } = {};
  let body = text;
  if (/^---[ \t]*\n/.test(text)) {
    const close = text.slice(4).search(/^---[ \t]*$/m);
    if (close < 0) return fail('bad_front_matter', 'opens a front matter block with "---" but never closes it.');
    const block = text.slice(4, 4 + close);
    body = text.slice(4 + close).replace(/^---[ \t]*\n?/, '');
    for (const [i, line] of block.split('\n').entries()) {
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
      if (!m) return fail('bad_front_matter', `front matter line ${i + 2} is not "key: value": ${JSON.stringify(line.slice(0, 60))}.`);
      const key = FRONT_MATTER_KEYS[m[1]!.toLowerCase()];
      const value = m[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
      if (key && value) meta[key] = value;
    }
    if (meta.published && Number.isNaN(Date.parse(meta.published))) {
      return fail('bad_front_matter', `front matter "published: ${meta.published}" is not a date (use YYYY-MM-DD).`);
    }
  }

  const blocks = body
    .split(/\n[ \t\u00a0]*\n/)
    .map((b) => b.split('\n').map(clean).filter((l) => l !== ''))
    .filter((lines) => lines.length > 0);

  let title = meta.title;
  if (blocks.length > 0) {
    const first = blocks[0]!;
    const heading = /^#\s+/.test(first[0]!);
    if (!title || heading || clean(first[0]!.replace(/^#\s+/, '')) === title) {
      title ??= first[0]!.replace(/^#\s+/, '');
      first.shift();
      if (first.length === 0) blocks.shift();
    }
  }
  if (!title) return fail('empty', 'has no title line.');

  const paragraphs: Passage[] = [];
  const captions: Passage[] = [];
  const seenCaptions = new Set<string>();
  for (const lines of blocks) {
    if (/^#{1,6}\s/.test(lines[0]!) && lines.length === 1) continue; // a sub-heading
    for (const unit of captionUnits(lines)) {
      if (unit.caption) {
        const key = captionKey(unit.text);
        if (seenCaptions.has(key)) continue;
        seenCaptions.add(key);
        for (const piece of pieces(unit.text)) captions.push(passage('caption', captions.length + 1, piece, split));
      } else {
        for (const piece of pieces(unit.text)) paragraphs.push(passage('paragraph', paragraphs.length + 1, piece, split));
      }
    }
  }
  if (paragraphs.length === 0) return fail('no_paragraphs', 'has a title but no paragraphs.');
  return ok({ id, title: clean(title), ...meta, paragraphs, captions });
}

/** An article's parts, as a source other than a knowledge file gives them (a web page, a stored row). */
export interface ArticleParts extends ArticleMeta {
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly captions?: readonly string[];
}

/**
 * Builds an {@link Article} from its parts: paragraphs and captions numbered from 1, blank ones
 * dropped, white space tidied, characters that cannot be stored or shown removed (cleanParts),
 * sentences split. Pure. Fails like {@link parseArticle} on an empty title or no paragraphs.
 *
 * @example buildArticle('summit', { title: 'Summit', paragraphs: ['It will be in Vienna.'] }).ok // true
 */
export function buildArticle(id: string, parts: ArticleParts, options: ParseOptions = {}): Result<Article, KnowledgeError> {
  // AddedArticles.add cleans before storing; rows stored before it did (SQLite kept NUL) are cleaned here.
  parts = cleanParts(parts);
  const split = options.split ?? splitSentences;
  const fail = (code: KnowledgeError['code'], problem: string) => err({ code, file: id, message: `${id}: ${problem}` });
  const title = clean(parts.title ?? '');
  if (title === '') return fail('empty', 'has no title.');
  const tidy = (texts: readonly string[] | undefined) => (texts ?? []).map((t) => clean(t.replace(/\s*\n\s*/g, ' '))).filter((t) => t !== '');
  const numbered = (kind: Passage['kind'], texts: readonly string[]) => texts.flatMap((t) => pieces(t)).map((text, i) => passage(kind, i + 1, text, split));
  const paragraphs = numbered('paragraph', tidy(parts.paragraphs));
  if (paragraphs.length === 0) return fail('no_paragraphs', 'has a title but no paragraphs.');
  const captions = numbered('caption', tidy(parts.captions));
  const meta: { -readonly [K in keyof ArticleMeta]: string } = {};
  for (const key of ['source', 'published', 'author', 'image', 'site'] as const) {
    const value = parts[key]?.trim();
    if (value) meta[key] = value;
  }
  return ok({ id, title, ...meta, paragraphs, captions });
}

/** Splits a block into caption lines and ordinary text (lines of one paragraph joined). */
function captionUnits(lines: string[]): { caption: boolean; text: string }[] {
  const repeated = lines.length > 1 && lines.every((l) => captionKey(l) === captionKey(lines[0]!));
  if (repeated || lines.every(isCaptionLine)) return lines.map((text) => ({ caption: true, text }));
  return [{ caption: false, text: lines.join(' ') }];
}

/** True when a single line reads as a photo caption: it ends in a credit and is not a long paragraph. */
export function isCaptionLine(line: string): boolean {
  return line.length <= 400 && CREDIT_PATTERNS.some((re) => re.test(line));
}

/** Two printings of one caption that differ only in punctuation or spacing share this key. */
function captionKey(line: string): string {
  return line.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * A paragraph's text in pieces of at most {@link PARSE_DEFAULTS.maxPassageChars}: each cut after the
 * last sentence end (". ", "? ", "! ", a closing quotation mark after one) that fits, else the last
 * space, else at the limit. Almost always one piece, the text itself.
 */
export function pieces(text: string, max: number = PARSE_DEFAULTS.maxPassageChars): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = -1;
    for (const m of window.matchAll(/[.!?][\p{Pf}"')\]]*\s+(?=\S)/gu)) if (m.index + m[0].length <= max) cut = m.index + m[0].length;
    if (cut <= 0) cut = window.lastIndexOf(' ', max) + 1;
    if (cut <= 0) cut = max - (/[\ud800-\udbff]/.test(rest[max - 1] ?? '') ? 1 : 0);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') out.push(rest);
  return out;
}

function passage(kind: Passage['kind'], n: number, text: string, split: (text: string) => Sentence[]): Passage {
  return { kind, n, text, sentences: split(text) };
}

/** Trims a line, including the no-break spaces that copy-pasted news text often ends with. */
function clean(line: string): string {
  return line.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '').replace(/[ \t\u00a0]{2,}/g, ' ');
}
