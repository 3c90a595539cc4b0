/**
 * Every Discord limit Pilcrow respects, in one place (../shared/DISCORD.md). Breaking one is a 400
 * "Invalid Form Body"; only src/discord/render.ts applies them to messages.
 */
export const LIMITS = Object.freeze({
  /** Message content, characters. */
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** All embeds of one message together. */
  embedsTotal: 6000,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  /** A modal's title, and a text input's placeholder. */
  modalTitle: 45,
  placeholder: 100,
  /** A link button's address; Pilcrow keeps every link it writes (embed and Markdown links too) within it. */
  linkUrl: 512,
  buttonLabel: 80,
  buttonsPerRow: 5,
  actionRows: 5,
  /** Longest string option a command may accept. */
  optionMaxLength: 6000,
  commandDescription: 100,
  /** Milliseconds to send the first response to an interaction. */
  firstResponseMs: 3000,
  /** Milliseconds Pilcrow allows itself to gather autocomplete choices, well inside the 3 s deadline. */
  autocompleteBudgetMs: 1500,
  /** Milliseconds an interaction token stays valid for edits and follow-ups. */
  tokenLifetimeMs: 15 * 60 * 1000,
});

/** Message flag for a reply only the asking member sees. */
export const EPHEMERAL = 1 << 6;
