import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../fixtures.js';

/** The saved news pages of ../shared/eval/news-html (absent on a machine without the eval data). */
export const NEWS_PAGES = join(ROOT, '..', 'shared', 'eval', 'news-html');
export const hasNewsPages = existsSync(join(NEWS_PAGES, 'bbc-1', 'source.html'));

/**
 * A local news site on 127.0.0.1 for tests: serves the saved pages at /<name> and whatever routes a
 * test adds; records every request path.
 */
export class LocalSite {
  readonly hits: string[] = [];
  readonly routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  private server: Server | undefined;
  base = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      this.hits.push(path);
      const route = this.routes.get(path);
      if (route) return route(req, res);
      const page = join(NEWS_PAGES, path.slice(1), 'source.html');
      if (/^\/[\w-]+$/.test(path) && existsSync(page)) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(page));
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
