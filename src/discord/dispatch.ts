import type { Interaction, RepliableInteraction } from 'discord.js';
import type { Command, Deps } from './command.js';
import { EPHEMERAL } from './limits.js';
import { PAGER_BUTTONS } from './paginate.js';
import { COLOURS, discordTime, renderNotice } from './render.js';
import { replyNotice, withFlags } from './respond.js';
import { Cooldowns } from './sessions.js';

/** User-facing texts of the dispatcher, in one place. */
export const DISPATCH_MESSAGES = Object.freeze({
  failed: 'Sorry, something went wrong while answering. Please try again in a moment.',
  unknownCommand: 'I do not know that command any more. Try /help.',
  unknownButton: 'That button no longer works. Ask again to get fresh results.',
  unknownModal: 'That form no longer works. Please try again.',
  /** `until` is a Discord timestamp counting down ("in 12 seconds"), in each member's own language. */
  cooldown: (until: string) => `You asked a moment ago: you can ask again ${until}.`,
});

/**
 * Routes every interaction to its command, button or autocomplete handler, with the one central
 * catch: a failure is logged with its context and the member gets a short, friendly, ephemeral
 * message (never the error text), whether or not the interaction was already answered. The returned
 * function never rejects.
 */
export function createDispatcher(commands: readonly Command[], deps: Deps): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  // The paginator's buttons (More, ◀ ▶, Share) serve every command's replies.
  const buttons = new Map([...Object.entries(PAGER_BUTTONS), ...commands.flatMap((c) => Object.entries(c.buttons ?? {}))]);
  const modals = new Map(commands.flatMap((c) => Object.entries(c.modals ?? {})));
  const cooldowns = new Cooldowns(deps.config.cooldownSeconds);
  // Forms that ask a new question share their command's cooldown (the "Ask about this article" form);
  // buttons that page, show a paragraph or open that form do not.
  const cooled = new Set(commands.filter((c) => c.cooldown).flatMap((c) => c.cooldownAlso ?? []));
  /** Whether the member must wait (then told so, privately, with a countdown); else their time is recorded. */
  const coolingDown = async (interaction: RepliableInteraction): Promise<boolean> => {
    const wait = cooldowns.check(interaction.user.id);
    if (wait <= 0) return false;
    deps.log.info({ interactionId: interaction.id, userId: interaction.user.id, wait }, 'cooldown');
    await replyNotice(interaction, DISPATCH_MESSAGES.cooldown(discordTime(new Date(Date.now() + wait * 1000), 'R')));
    return true;
  };

  return async (interaction) => {
    const started = performance.now();
    const context = {
      interactionId: interaction.id,
      kind: interaction.isAutocomplete() ? 'autocomplete' : interaction.isChatInputCommand() ? 'command' : interaction.isButton() ? 'button' : interaction.isModalSubmit() ? 'modal' : 'other',
      command: interaction.isChatInputCommand() || interaction.isAutocomplete() ? interaction.commandName : interaction.isButton() || interaction.isModalSubmit() ? interaction.customId.split(':')[0] : undefined,
      guildId: interaction.guildId,
      userId: interaction.user.id,
    };
    try {
      if (interaction.isAutocomplete()) {
        const command = byName.get(interaction.commandName);
        try {
          await command?.autocomplete?.(interaction, deps);
        } finally {
          // Autocomplete cannot be deferred and must always be answered, if only with nothing.
          if (!interaction.responded) await interaction.respond([]);
        }
      } else if (interaction.isChatInputCommand()) {
        const command = byName.get(interaction.commandName);
        if (!command) return void (await replyNotice(interaction, DISPATCH_MESSAGES.unknownCommand));
        if (command.cooldown && (await coolingDown(interaction))) return;
        await command.execute(interaction, deps);
      } else if (interaction.isButton()) {
        const [prefix = '', ...args] = interaction.customId.split(':');
        const handler = buttons.get(prefix);
        if (!handler) return void (await replyNotice(interaction, DISPATCH_MESSAGES.unknownButton));
        await handler(interaction, args, deps);
      } else if (interaction.isModalSubmit()) {
        const [prefix = '', ...args] = interaction.customId.split(':');
        const handler = modals.get(prefix);
        if (!handler) return void (await replyNotice(interaction, DISPATCH_MESSAGES.unknownModal));
        if (cooled.has(prefix) && (await coolingDown(interaction))) return;
        await handler(interaction, args, deps);
      } else {
        return;
      }
      deps.log.info({ ...context, ms: Math.round(performance.now() - started) }, 'answered');
    } catch (error) {
      deps.log.error({ ...context, ms: Math.round(performance.now() - started), err: error }, 'interaction failed');
      await tellSomethingWentWrong(interaction, deps);
    }
  };
}

async function tellSomethingWentWrong(interaction: Interaction, deps: Deps): Promise<void> {
  if (!interaction.isRepliable()) return;
  const payload = renderNotice(DISPATCH_MESSAGES.failed, COLOURS.error);
  try {
    if (interaction.deferred && !interaction.replied) await interaction.editReply(payload);
    else if (interaction.replied) await interaction.followUp({ ...payload, flags: EPHEMERAL });
    else await interaction.reply(withFlags(payload, true));
  } catch (error) {
    deps.log.warn({ interactionId: interaction.id, err: error }, 'could not tell the member that answering failed');
  }
}
