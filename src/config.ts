import { config as loadDotenv } from 'dotenv';
import { err, ok, type Result } from './result.js';

/** Pino levels accepted in LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated settings. Only this module reads `process.env`. */
export interface Config {
  /** The bot token; absent means "run the local console instead of the Discord bot". */
  readonly discordToken: string | undefined;
  /** Folder of article files. Default `./knowledge`. */
  readonly knowledgeDir: string;
  /** Default `info`. */
  readonly logLevel: LogLevel;
}

export interface ConfigError {
  readonly code: 'invalid_config';
  /** One line per problem, each naming the variable. */
  readonly problems: readonly string[];
}

/**
 * Reads `.env` (through dotenv, without overriding variables already set) and the environment,
 * and validates them once. Pass `env` to validate something other than `process.env` (tests).
 *
 * @example const c = loadConfig(); if (!c.ok) console.error(c.error.problems.join('\n'));
 */
export function loadConfig(env?: NodeJS.ProcessEnv): Result<Config, ConfigError> {
  if (env === undefined) {
    loadDotenv({ quiet: true });
    env = process.env;
  }
  const problems: string[] = [];
  const token = env.DISCORD_TOKEN?.trim() || undefined;
  if (token !== undefined && !/^[\w.-]{20,}$/.test(token)) {
    problems.push('DISCORD_TOKEN does not look like a bot token (letters, digits, "." "_" "-", 20 characters or more).');
  }
  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is "${env.LOG_LEVEL}".`);
  const knowledgeDir = env.KNOWLEDGE_DIR?.trim() || './knowledge';
  if (problems.length > 0) return err({ code: 'invalid_config', problems });
  return ok({ discordToken: token, knowledgeDir, logLevel });
}
