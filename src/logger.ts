import { pino, type DestinationStream, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type pretty from 'pino-pretty';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/** Paths redacted from every log line, wherever a token could end up. */
export const REDACT_PATHS = ['token', '*.token', 'config.discordToken', 'discordToken', '*.discordToken', 'headers.authorization', '*.headers.authorization'];

/**
 * The one pino logger. Writes JSON lines to stderr (so that the CLI's stdout stays machine-readable),
 * or, with `pretty` (a person at a terminal), readable text through pino-pretty, as pino recommends
 * for development. Every `secret` (the bot token) is also scrubbed from the finished line, so it
 * cannot leak through an error message, a stack or a URL that redaction paths do not reach.
 *
 * @example const log = createLogger('info', { secrets: [token] }); log.info({ articles: 3 }, 'knowledge loaded');
 */
export function createLogger(
  level: LogLevel = 'info',
  { secrets = [], pretty: readable = false, destination }: { secrets?: readonly (string | undefined)[]; pretty?: boolean; destination?: DestinationStream } = {},
): Logger {
  // pino-pretty is loaded only for a person at a terminal (not for JSON lines, nor a silent CLI).
  destination ??= readable ? (createRequire(import.meta.url)('pino-pretty') as typeof pretty)({ destination: 2, sync: true, ignore: 'pid,hostname,app', translateTime: 'SYS:HH:MM:ss' }) : pino.destination({ fd: 2, sync: true });
  const hidden = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return pino(
    {
      level,
      base: { app: 'pilcrow' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: (line) => hidden.reduce((out, secret) => out.split(secret).join('[redacted]'), line) },
    },
    destination,
  );
}
