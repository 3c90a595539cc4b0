// Loaded with `node --import` by the `<command> --help` test: any import of the engine (src/engine/*), the app or the
// state database throws, so a help that loads them fails instead of only answering slower.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (/(?:^|\\/)(?:engine(?:\\/\\w+)?|app|db)\\.(?:js|ts)$/.test(specifier)) throw new Error('--help loaded ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
