import type { RecordedRequest } from '../fake-discord/server.js';

type Embed = { title?: string; description?: string; footer?: { text?: string }; author?: { name?: string }; fields?: { name?: string; value?: string }[] };
type Component = { label?: string; placeholder?: string; value?: string; components?: Component[] };
type Body = { content?: string; embeds?: Embed[]; components?: Component[]; title?: string; data?: Body };

/** Everything of a message body that a member reads: content, embed texts, button labels, form placeholders (never custom ids, addresses or the embed timestamp). */
export function visibleText(body: unknown): string {
  const b = ((body as Body | null)?.data ?? body) as Body | null;
  if (!b || typeof b !== 'object') return '';
  const parts: string[] = [b.content ?? '', b.title ?? ''];
  for (const e of b.embeds ?? []) parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '', ...(e.fields ?? []).flatMap((f) => [f.name ?? '', f.value ?? '']));
  const walk = (cs: Component[] | undefined) => {
    for (const c of cs ?? []) {
      parts.push(c.label ?? '', c.placeholder ?? '');
      walk(c.components);
    }
  };
  walk(b.components);
  // Markdown link targets are addresses, not read: "[news.example](http://127.0.0.1:3000/…)" reads "news.example".
  return parts.join('\n').replace(/\]\([^)]*\)/g, ']');
}

/** What the bot sent Discord for people to read: interaction replies, edits, follow-ups and channel posts. */
export function repliesOf(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => (r.method === 'POST' || r.method === 'PATCH') && (r.path.startsWith('/interactions/') || r.path.startsWith('/webhooks/') || /^\/channels\/\d+\/messages$/.test(r.path)));
}

/**
 * The human-values rule (issue 18): what in a reply a member should never read. A raw ISO date or
 * time, an internal article id, a library's error text or a machine address, a count with the wrong
 * plural. Returns each breach with the text around it; empty when the reply is clean.
 */
export function humanValueBreaches(text: string, articleIds: readonly string[]): string[] {
  const found: string[] = [];
  const near = (i: number) => text.slice(Math.max(0, i - 40), i + 60).replace(/\n/g, ' ⏎ ');
  const rules: [string, RegExp][] = [
    ['raw ISO date', /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?\b/g],
    ['machine address', /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|localhost:\d+/g],
    ['HTTP status as a machine says it', /answered \d{3}\b/g],
    ['library error text', /Unrecognized feed format|Readability constructor|TypeError|ReferenceError|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|getaddrinfo|Invalid URL|undefined|\[object Object\]|NaN/g],
    ['wrong plural', /\b1 (?:paragraphs|articles|items|photo captions|tries|messages|feeds|stories|results|quotations|seconds)\b|\b(?:0|[2-9]|[1-9]\d+) (?:paragraph|article|item|photo caption|try|message|feed|story|result|quotation|second)\b/g],
  ];
  for (const [rule, re] of rules) for (const m of text.matchAll(re)) found.push(`${rule}: “${near(m.index)}”`);
  for (const id of articleIds) {
    // An id that is also ordinary words (a slug of the title) is not a breach when the title says it.
    const i = text.indexOf(id);
    if (i >= 0 && /[-_:/0-9]/.test(id)) found.push(`internal id ${id}: “${near(i)}”`);
  }
  return found;
}
