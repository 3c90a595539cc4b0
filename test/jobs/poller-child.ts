/**
 * A feed-polling process for the crash test: opens the state in DATA_DIR, follows FEED_URL for one
 * server and polls until killed, logging at info on stderr. Run with tsx.
 */
import { Engine } from '../../src/engine/answers.js';
import { FeedPoller } from '../../src/jobs/poller.js';
import { createLogger } from '../../src/logger.js';
import { ArticleRepository } from '../../src/state/articles.js';
import { openDatabase } from '../../src/state/db.js';
import { SqliteSql } from '../../src/state/sql.js';
import { FeedRepository } from '../../src/state/feeds.js';
import { AddedArticles } from '../../src/store/library.js';

const [dataDir, feedUrl] = process.argv.slice(2) as [string, string];
// Its log (pino JSON lines on stderr) tells the test when a poll has ended ('feed polled').
const log = createLogger('info');
const db = openDatabase(dataDir);
const engine = new Engine([], { meaning: null });
const library = new AddedArticles(engine.store, new ArticleRepository(new SqliteSql(db)), log);
await library.loadStored();
const feeds = new FeedRepository(new SqliteSql(db));
const poller = new FeedPoller({ feeds, library, log, allowPrivate: true, options: { tickSeconds: 1 } });
if ((await feeds.list('1123456789012345678')).length === 0) {
  const added = await poller.add('1123456789012345678', feedUrl, { announceChannel: null, addedBy: null });
  if (!added.ok) throw new Error(added.error.message);
}
poller.start();
process.stdout.write('polling\n');
setInterval(() => {}, 1000);
