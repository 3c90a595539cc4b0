// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware: a promise left floating (a state write not awaited) is an error.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // The engine's one door (src/engine/index.ts): front ends and scripts import the engine through it
  // only, so that they never reach past the answers into the store's insides. They may also import
  // src/model/ (the core types), config, the logger, and the front ends (commands/, src/discord/, src/cli/).
  ...doorRules(['commands/**/*.ts'], '../src/'),
  ...doorRules(['src/discord/**/*.ts', 'src/cli/**/*.ts'], '../'),
  ...doorRules(['scripts/*.ts'], '../src/'),
  ...doorRules(['scripts/lib/**/*.ts'], '../../src/'),
);

/**
 * `no-restricted-imports` (static imports) and `no-restricted-syntax` (`import()`) for files whose
 * path to src/ is `src`: everything under src/ is refused but the door and the modules named above.
 * @param {string[]} files
 * @param {string} src
 */
function doorRules(files, src) {
  const message = 'Import the engine through its door, src/engine/index.ts (or src/model/, config, logger, a front end); scripts reach internals through its tooling exports (loadTooling).';
  const esc = (/** @type {string} */ text) => text.replace(/[./]/g, (c) => `\\${c}`);
  // A front end in src/ may also import commands/ (the registry the bot serves): `../../commands/`.
  const within = src === '../' ? '(?!\\.\\.\\/)' : '';
  const allowed = ['engine/index.js', 'model/', 'config.js', 'logger.js', 'discord/', 'cli/', 'types/'].map(esc).join('|');
  const refused = `^${esc(src)}${within}(?!${allowed})`;
  return [{
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: refused, message }] }],
      'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${refused}/]`, message }],
    },
  }];
}
