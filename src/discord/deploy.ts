import { REST, Routes } from 'discord.js';
import type { Command } from './command.js';

export interface DeployTarget {
  readonly token: string;
  readonly applicationId: string;
  /** Register to one server (instant updates) instead of globally. */
  readonly guildId?: string | undefined;
  /** REST base URL instead of Discord's (discord.js adds /v10). */
  readonly apiUrl?: string | undefined;
}

/**
 * Registers the commands with one bulk overwrite (`PUT …/commands`): commands no longer in the
 * registry disappear. Returns how many Discord now has and where.
 */
export async function deployCommands(commands: readonly Command[], target: DeployTarget): Promise<{ count: number; scope: 'guild' | 'global' }> {
  const rest = new REST(target.apiUrl ? { api: target.apiUrl } : {}).setToken(target.token);
  const route = target.guildId ? Routes.applicationGuildCommands(target.applicationId, target.guildId) : Routes.applicationCommands(target.applicationId);
  const registered = (await rest.put(route, { body: commands.map((c) => c.data) })) as unknown[];
  return { count: registered.length, scope: target.guildId ? 'guild' : 'global' };
}
