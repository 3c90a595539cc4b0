/**
 * `npm run deploy-commands`: registers Pilcrow's slash commands with one bulk overwrite, to the server
 * in DISCORD_GUILD_ID (instant) or globally. Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.
 */
import { commands } from '../commands/index.js';
import { loadConfig } from '../src/config.js';
import { deployCommands } from '../src/discord/deploy.js';

const config = loadConfig();
if (!config.ok) {
  for (const problem of config.error.problems) console.error(`deploy-commands: ${problem}`);
  process.exit(1);
}
const { discordToken, discordApplicationId, discordGuildId, discordApiUrl } = config.value;
if (!discordToken || !discordApplicationId) {
  console.error('deploy-commands: set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env (see .env.example).');
  process.exit(1);
}
try {
  const { count, scope } = await deployCommands(commands, { token: discordToken, applicationId: discordApplicationId, guildId: discordGuildId, apiUrl: discordApiUrl });
  console.log(`Registered ${count} commands (${commands.map((c) => `/${c.data.name}`).join(', ')}) ${scope === 'guild' ? `in server ${discordGuildId}; they are available now` : 'globally'}.`);
} catch (error) {
  console.error(`deploy-commands: Discord refused the registration: ${(error as Error).message.split(discordToken).join('[redacted]')}`);
  process.exit(1);
}
