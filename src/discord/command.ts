import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Config } from '../config.js';
import type { AskOptions, AskResult, DigestScheduler, Engine, FeedPoller, Ingester } from '../engine/index.js';
import type { Logger } from '../logger.js';
import type { MessagePayload } from './render.js';
import type { SessionStore } from './sessions.js';

/**
 * The engine as commands see it: every call takes the scope of the server asking. `ask` may be
 * asynchronous (a remote or slow engine); /ask calls `answer`, which routes and then ranks with `ask`.
 */
export interface AnswerEngine extends Pick<Engine, 'answer' | 'quote' | 'facts' | 'entities' | 'speakers' | 'articlesIn' | 'article' | 'findArticles' | 'digest'> {
  ask(question: string, options: AskOptions): AskResult | Promise<AskResult>;
}

/**
 * The contract between the slash commands (`commands/`) and the bot that dispatches them (here), kept
 * here so that neither imports the other's insides.
 */

/** What every command handler is given (passed in, never imported: STYLE habit 3). */
export interface Deps {
  readonly engine: AnswerEngine;
  readonly log: Logger;
  readonly config: Pick<Config, 'cooldownSeconds'>;
  readonly sessions: SessionStore;
  /** Milliseconds after which a slow answer is deferred (Discord allows 3000 for the first response). */
  readonly deferAfterMs: number;
  /** Milliseconds given to trying suggested questions before a form or /help opens without them
   *  (SUGGEST_DEFAULTS.budgetMs, inside Discord's 3000 for the first response). */
  readonly suggestBudgetMs: number;
  /** Posts and schedules digests (`/digest`); absent when no state database is open. */
  readonly digests?: Pick<DigestScheduler<MessagePayload>, 'schedule' | 'stop' | 'status' | 'digestFor' | 'recordAnswered'> | undefined;
  /** Follows news feeds for a server (`/feed`); absent when no state database is open. */
  readonly feeds?: Pick<FeedPoller, 'add' | 'edit' | 'firstRead' | 'list' | 'remove' | 'resume' | 'test' | 'threadOf'> | undefined;
  /** Adds articles to a server's knowledge (`/ingest`); absent when no state database is open. */
  readonly ingester?: Pick<Ingester, 'fromUrl' | 'fromUpload'> | undefined;
}

/** One slash command: its registration data and its handlers. */
export interface Command {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /**
   * Subject to the per-member cooldown (COOLDOWN_SECONDS): only /ask, whose every question is ranked
   * anew; never listings or server-management commands.
   */
  readonly cooldown: boolean;
  /** Prefixes of this command's forms (modals) that ask a new question, and so share its cooldown. */
  readonly cooldownAlso?: readonly string[];
  execute(interaction: ChatInputCommandInteraction, deps: Deps): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, deps: Deps): Promise<void>;
  /** Buttons whose custom id starts with one of these prefixes and a colon. */
  readonly buttons?: Readonly<Record<string, (interaction: ButtonInteraction, args: string[], deps: Deps) => Promise<void>>>;
  /** Submitted modals whose custom id starts with one of these prefixes and a colon. */
  readonly modals?: Readonly<Record<string, (interaction: ModalSubmitInteraction, args: string[], deps: Deps) => Promise<void>>>;
}
