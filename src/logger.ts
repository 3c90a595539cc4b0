import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/** Paths redacted from every log line, wherever a token could end up. */
export const REDACT_PATHS = ['token', '*.token', 'config.discordToken', 'discordToken', '*.discordToken', 'headers.authorization', '*.headers.authorization'];

/**
 * The one pino logger. Writes JSON to stderr so that the CLI's stdout stays machine-readable.
 *
 * @example const log = createLogger('info'); log.info({ articles: 3 }, 'knowledge loaded');
 */
export function createLogger(level: LogLevel = 'info', destination = pino.destination({ fd: 2, sync: true })): Logger {
  return pino({ level, base: { app: 'pilcrow' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
