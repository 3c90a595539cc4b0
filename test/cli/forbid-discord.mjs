// Loaded with `node --import` by the console test: any import of discord.js (or its @discordjs
// packages) throws, so a console that loads the bot's code fails instead of only starting slower.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'discord.js' || specifier.startsWith('@discordjs/')) throw new Error('the console loaded ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
