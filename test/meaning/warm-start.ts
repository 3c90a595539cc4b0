// Run as a child process by lazy.test.ts (node --import tsx): opens the app on a folder whose store
// snapshot is on disk, as `pilcrow quote` and `pilcrow facts` do, and prints as JSON how many times
// the language resources had been read after each step: a process of its own, so nothing loaded them before.
import { openApp } from '../../src/app.js';
import { meaningReads } from '../../src/meaning/index.js';
import { createLogger } from '../../src/logger.js';
import { SHARED } from '../../src/model/scope.js';

const opened = await openApp({ state: 'existing', log: createLogger('silent') });
if (!opened.ok) throw new Error(opened.error.message);
const app = opened.value;
const steps: Record<string, number | boolean | string> = { fromSnapshot: app.fromSnapshot, opened: meaningReads() };
steps.quote = JSON.stringify(await app.engine.quote('Bailey', '', SHARED));
steps.facts = JSON.stringify(await app.engine.facts('Gopinath', SHARED));
steps.afterQuoteAndFacts = meaningReads();
steps.answer = app.engine.ask('where is the summit', { scope: SHARED }).results[0]?.quote ?? '';
steps.afterAsk = meaningReads();
await app.close();
steps.afterClose = meaningReads();
process.stdout.write(JSON.stringify(steps));
