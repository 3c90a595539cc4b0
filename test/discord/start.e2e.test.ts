import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, FakeDiscord } from '../fake-discord/server.js';
import { ROOT, tempFolder } from '../fixtures.js';

describe('npm start with DISCORD_TOKEN (the shipped entry point)', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await new FakeDiscord().start();
  });
  afterAll(async () => fake?.stop());

  it('logs in to DISCORD_API_URL, answers an /ask, and shuts down cleanly on SIGTERM', async () => {
    const data = tempFolder({});
    const dataDir = join(data.dir, 'state');
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: '', KNOWLEDGE_DIR: '', DATA_DIR: dataDir, LOG_LEVEL: 'info', COOLDOWN_SECONDS: '0' },
    });
    let logs = '';
    child.stdout.on('data', (d) => (logs += d));
    child.stderr.on('data', (d) => (logs += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await fake.waitForSession(1, 20_000);
      await expect.poll(() => logs.includes('"msg":"ready"'), { timeout: 10_000 }).toBe(true);
      const { id, token } = fake.command('ask', { question: 'where is the summit' });
      const first = (await fake.callback(id, 10_000)).body as { type: number; data?: { embeds: { description: string }[] } };
      // On a loaded machine the bot may defer (type 5) and then edit; either way the answer arrives.
      expect([4, 5]).toContain(first.type);
      const embeds = first.type === 4 ? first.data!.embeds : ((await fake.edit(token, 10_000)).body as { embeds: { description: string }[] }).embeds;
      expect(embeds[0]!.description).toContain('¶5 · Donald Trump to hold summit with Vladimir Putin');
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      // npm itself dies on SIGTERM at once; the bot below it logs its clean shutdown a moment later.
      await expect.poll(() => logs.includes('"msg":"shutting down"'), { timeout: 10_000 }).toBe(true);
      expect(logs).not.toContain(FAKE_TOKEN);
      // DATA_DIR is created on first start, with the state database in it.
      expect(existsSync(join(dataDir, 'pilcrow.db'))).toBe(true);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      data.cleanup();
    }
  }, 40_000);

  it('says in one line that Discord cannot be reached, with no stack trace, and exits 1', async () => {
    const data = tempFolder({});
    const child = spawn(process.execPath, ['bin/start.js'], {
      cwd: ROOT,
      detached: true,
      // Nothing listens on port 9 of this machine: the connection is refused.
      env: { ...process.env, DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: 'http://127.0.0.1:9/api', DISCORD_APPLICATION_ID: '', KNOWLEDGE_DIR: '', DATA_DIR: join(data.dir, 'state'), LOG_LEVEL: 'info' },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => (err += d));
    try {
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      const lines = err.split('\n').filter((l) => l.startsWith('pilcrow:'));
      expect(lines).toEqual(['pilcrow: cannot reach Discord: 127.0.0.1 did not answer (ECONNREFUSED). Check the network (a proxy or firewall?) and DISCORD_API_URL, then start again.']);
      expect(err).not.toMatch(/\n\s+at |\\n\s+at |database connection is not open/);
      expect(err).not.toContain(FAKE_TOKEN);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      data.cleanup();
    }
  }, 60_000);
});
