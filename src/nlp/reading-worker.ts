/**
 * A worker thread's task: what the readers make of one article (people, quotations, entities), as
 * plain data. compromise takes tens of milliseconds an article; run here, it never holds up the bot's
 * event loop. Used through the pool in reading-pool.ts.
 */
import type { ReadingData } from '../store/store.js';
import { ArticlePeople, sightingsOf } from './entities.js';
import { extractQuotes } from './quotes.js';
import { unpackArticle, type PackedArticle } from './reading-pool.js';

/** The reading as JSON: one string crosses between threads at the cost of a copy, and the state keeps it as it is. */
export default function read(packed: PackedArticle): string {
  const article = unpackArticle(packed);
  const people = new ArticlePeople(article);
  const data: ReadingData = { people: people.toData(), quotes: extractQuotes(article, people), sightings: sightingsOf(article, people) };
  return JSON.stringify(data);
}
