import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../fixtures.js';

/**
 * The real-world cases of ../shared/real-cases (absent on a machine without the shared data: tests
 * that read them skip). Each folder has `expected.txt`; `ingest-*` folders a `www/` to serve.
 */
export const REAL_CASES = join(ROOT, '..', 'shared', 'real-cases');

/** Whether a case's folder is here. */
export const hasCase = (name: string): boolean => existsSync(join(REAL_CASES, name, 'expected.txt'));

/** A file of a case, as bytes. */
export const caseFile = (name: string, file: string): Buffer => readFileSync(join(REAL_CASES, name, file));

/** One path of a case's `www/routes.json` (see ../shared/real-cases/README.md). */
interface Route {
  readonly file?: string;
  /** The n-th request gets the n-th file, the last one from then on (a feed that changes between polls). */
  readonly files?: readonly string[];
  /** The Content-Type header; null sends none. Absent: guessed from the file's extension, without a charset. */
  readonly type?: string | null;
  /** Sends the body gzip-compressed with `Content-Encoding: gzip`, whatever the request accepts. */
  readonly gzip?: boolean;
  readonly status?: number;
  readonly headers?: Record<string, string>;
}

/** Types for files that routes.json does not name: no charset, so that the body's own declaration counts. */
const TYPES: Record<string, string> = { '.html': 'text/html', '.htm': 'text/html', '.xml': 'application/xml', '.json': 'application/json', '.atom': 'application/atom+xml', '.txt': 'text/plain' };

/**
 * Serves a case's `www/` on 127.0.0.1 as its routes.json says (types, gzip, status, headers, files
 * that change between requests); other files by extension; anything else 404. Records each path asked.
 */
export class CaseSite {
  readonly hits: string[] = [];
  base = '';
  private server: Server | undefined;
  private readonly served = new Map<string, number>();

  constructor(readonly name: string) {}

  get www(): string {
    return join(REAL_CASES, this.name, 'www');
  }

  async start(): Promise<this> {
    const routesFile = join(this.www, 'routes.json');
    const routes = (existsSync(routesFile) ? JSON.parse(readFileSync(routesFile, 'utf8')) : {}) as Record<string, Route>;
    this.server = createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
      this.hits.push(path);
      const route: Route | undefined = routes[path] ?? (/^\/[\w.-]+$/.test(path) && existsSync(join(this.www, path.slice(1))) && path !== '/routes.json' ? { file: path.slice(1) } : undefined);
      if (!route) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not found</body></html>');
      const n = this.served.get(path) ?? 0;
      this.served.set(path, n + 1);
      const file = route.files ? route.files[Math.min(n, route.files.length - 1)]! : route.file!;
      let body = readFileSync(join(this.www, file));
      const headers: Record<string, string> = { ...route.headers };
      const type = route.type === undefined ? TYPES[extname(file).toLowerCase()] ?? null : route.type;
      if (type !== null) headers['content-type'] = type;
      if (route.gzip) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(route.status ?? 200, headers).end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The address of a path on this site. */
  url(path: string): string {
    return `${this.base}${path.startsWith('/') ? path : `/${path}`}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
