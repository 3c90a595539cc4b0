/**
 * `npm run bench-discord`: the interaction round trip, from the fake Discord dispatching
 * INTERACTION_CREATE to the bot's reply request arriving at it, over N /ask interactions (default
 * 200) on the seed article, through the real discord.js client on 127.0.0.1. Prints median and p99.
 * Options: --interactions N.
 */
import { Writable } from 'node:stream';
import { Events } from 'discord.js';
import { startBot } from '../src/discord/bot.js';
import { commands } from '../commands/index.js';
import { Engine, loadTooling } from '../src/engine/index.js';
import { createLogger } from '../src/logger.js';
import { APP_ID, FAKE_TOKEN, FakeDiscord } from '../test/fake-discord/server.js';

const { loadKnowledge } = await loadTooling();

const args = process.argv.slice(2);
const n = Number(args[args.indexOf('--interactions') + 1] ?? 200) || 200;
const questions = ['where is the summit', 'Who greeted Putin in the Kremlin?', 'putn electon medling', 'What did Mr Bolton dismiss?', 'banana bread recipe'];

const loaded = await loadKnowledge(new URL('../knowledge', import.meta.url).pathname);
if (!loaded.ok) throw new Error(`bench-discord: ${loaded.error.message}`);
const engine = new Engine(loaded.value.articles);
const fake = await new FakeDiscord().start();
const bot = await startBot({
  config: { discordToken: FAKE_TOKEN, discordApplicationId: APP_ID, discordGuildId: undefined, discordApiUrl: fake.apiUrl, registerCommandsOnStart: false, cooldownSeconds: 0, knowledgeDir: './knowledge', dataDir: ':memory:', logLevel: 'silent', meaning: true, allowPrivateUrls: false, feedIntervalMinutes: 15, sharding: { mode: 'single' }, databaseUrl: undefined },
  engine,
  commands,
  log: createLogger('silent', { destination: new Writable({ write: (_c, _e, done) => done() }) }),
});
await new Promise<void>((resolve) => (bot.client.isReady() ? resolve() : bot.client.once(Events.ClientReady, () => resolve())));

const times: number[] = [];
for (let i = 0; i < n + 10; i++) {
  const sent = performance.now();
  const { id } = fake.command('ask', { question: questions[i % questions.length]! });
  const reply = await fake.callback(id, 10_000);
  if (i >= 10) times.push(reply.at - sent); // the first ten warm up the client and the engine
}
await bot.stop();
await fake.stop();
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.log(`Interaction round trip over ${times.length} /ask interactions on the seed article (INTERACTION_CREATE sent → reply request received, real discord.js client, 127.0.0.1):`);
console.log(`median ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms`);
