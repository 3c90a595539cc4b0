import { Writable } from 'node:stream';
import { Events } from 'discord.js';
import { commands } from '../../commands/index.js';
import type { AnswerEngine, Command, Deps } from '../../src/discord/command.js';
import type { Config } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/discord/bot.js';
import { createLogger } from '../../src/logger.js';
import { APP_ID, FAKE_TOKEN, FakeDiscord } from '../fake-discord/server.js';
import { seedEngineOnce } from '../fixtures.js';

/** Log lines the bot wrote, parsed. */
export class LogSink extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: RunningBot;
  readonly logs: LogSink;
  close(): Promise<void>;
}

/** Starts the fake Discord and the real bot (real discord.js client) logged in to it. */
export async function startHarness(options: { engine?: AnswerEngine; ingester?: Deps['ingester']; feeds?: Deps['feeds']; digests?: Deps['digests']; commands?: readonly Command[]; cooldownSeconds?: number; deferAfterMs?: number; suggestBudgetMs?: number; register?: boolean } = {}): Promise<Harness> {
  const fake = await new FakeDiscord().start();
  const logs = new LogSink();
  const config: Config & { discordToken: string } = {
    discordToken: FAKE_TOKEN,
    discordApplicationId: APP_ID,
    discordGuildId: undefined,
    discordApiUrl: fake.apiUrl,
    registerCommandsOnStart: options.register ?? false,
    cooldownSeconds: options.cooldownSeconds ?? 0,
    knowledgeDir: './knowledge',
    dataDir: ':memory:',
    logLevel: 'debug', meaning: true, allowPrivateUrls: true, feedIntervalMinutes: 15, sharding: { mode: 'single' }, databaseUrl: undefined,
  };
  const bot = await startBot({
    config,
    engine: options.engine ?? seedEngineOnce(),
    log: createLogger('debug', { secrets: [FAKE_TOKEN], destination: logs }),
    commands: options.commands ?? commands,
    ingester: options.ingester,
    feeds: options.feeds,
    digests: options.digests,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    // The fake Discord has no 3 s deadline: suggestions get all the time they need (a busy machine
    // must not turn them into the generic examples) unless a test asks for the deadline's fallback.
    suggestBudgetMs: options.suggestBudgetMs ?? 60_000,
    firstResponseMs: 600_000,
    clientOptions: { ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: async () => {} }) } } as never,
  });
  await fake.waitForSession();
  await new Promise<void>((resolve) => (bot.client.isReady() ? resolve() : bot.client.once(Events.ClientReady, () => resolve())));
  return {
    fake,
    bot,
    logs,
    async close() {
      await bot.stop();
      await fake.stop();
    },
  };
}

/** The JSON body of a recorded request. */
export const bodyOf = (r: { body: unknown }) => r.body as { type: number; data: Record<string, unknown> } & Record<string, unknown>;
