/**
 * A worker thread's task: what the readers make of one article (people, quotations, entities), as
 * plain data. compromise takes tens of milliseconds an article; run here, it never holds up the bot's
 * event loop. Used through the pool in reading-pool.ts.
 */
import type { Article } from '../knowledge/types.js';
import { ArticlePeople, sightingsOf } from './entities.js';
import { extractQuotes } from './quotes.js';
import type { ReadingData } from '../store/store.js';

export default function read(article: Article): ReadingData {
  const people = new ArticlePeople(article);
  return { people: people.toData(), quotes: extractQuotes(article, people), sightings: sightingsOf(article, people) };
}
