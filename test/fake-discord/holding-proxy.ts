import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A REST proxy in front of the fake Discord for one bot process (its DISCORD_API_URL). While holding,
 * the requests `match` accepts are kept back until {@link release}: with `hold: 'answer'` they reach
 * the fake at once (it records them and does their work, a message is created) and only the answer
 * waits; with `hold: 'request'` the request itself waits, and on release only the ones the bot still
 * waits for go on (discord.js gives up on a request after 15 s and sends it again). A test thus knows
 * a bot is in the middle of a send for as long as it needs, instead of hoping a fixed delay is long
 * enough. The gateway is not proxied.
 */
export class HoldingProxy {
  private server: Server | undefined;
  private holding = true;
  private readonly held: (() => void)[] = [];
  private heldCount = 0;
  private waiters: { count: number; resolve: () => void }[] = [];
  private port = 0;

  /** `fakeApiUrl`: the fake's `apiUrl`; `match`: which requests to hold (method, path as sent); `hold`: their answer or the request itself. */
  constructor(private readonly fakeApiUrl: string, private readonly match: (method: string, path: string) => boolean, private readonly hold: 'answer' | 'request' = 'answer') {}

  async start(): Promise<this> {
    const target = new URL(this.fakeApiUrl);
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const matched = this.match(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const forward = () => {
          const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
            const back: Buffer[] = [];
            answer.on('data', (c: Buffer) => back.push(c));
            answer.on('end', () => {
              const reply = () => res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(back));
              if (this.holding && matched && this.hold === 'answer') this.park(reply);
              else reply();
            });
          });
          upstream.on('error', () => res.destroy());
          upstream.end(Buffer.concat(chunks));
        };
        // A request held back goes on at release only if the bot still waits for it.
        if (this.holding && matched && this.hold === 'request') this.park(() => void (res.writableEnded || res.destroyed || req.socket.destroyed ? undefined : forward()));
        else forward();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private park(go: () => void): void {
    this.held.push(go);
    this.heldCount++;
    this.waiters = this.waiters.filter((w) => (this.heldCount >= w.count ? (w.resolve(), false) : true));
  }

  /** The REST base URL to give the bot instead of the fake's. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}${new URL(this.fakeApiUrl).pathname}`;
  }

  /** Resolves once `count` requests have been held (the bot waits for them). */
  whenHeld(count = 1): Promise<void> {
    if (this.heldCount >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Lets the requests and answers held so far go on, and holds no more. */
  release(): void {
    this.holding = false;
    for (const reply of this.held.splice(0)) reply();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
