import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/index.js';
import { htmlBlocks, htmlUnits } from '../../src/sources/blocks.js';
import { articleBody, feedItemBlocks } from '../../src/sources/body.js';
import { InlineWork } from '../../src/sources/work.js';

const STORY = [
  'The district council has agreed to reopen the swimming pool at Low Moor, closed since a roof beam cracked two winters ago.',
  'Repairs will cost £1.8 million, most of it from a government fund for leisure centres, and should be finished by the autumn.',
  'Swimming clubs had used the pool at the next town, a forty-minute bus ride away, since the closure.',
];
const paras = (ps: readonly string[]) => ps.map((p) => `<p>${p}</p>`).join('');

/** A feed item's content:encoded as WordPress, Jetpack and Feedburner write it after the post's text. */
const WORDPRESS = `${paras(STORY)}
  <div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="https://twitter.com/intent/tweet">Twitter</a></li><li><a href="https://www.facebook.com/sharer.php">Facebook</a></li><li><a href="https://wa.me/">WhatsApp</a></li></ul></div>
  <p>Share this:</p><p>Like this:</p><p>Loading...</p>
  <p><a href="https://valley.example/pool/#more-1234" class="more-link">Continue reading <span class="screen-reader-text">Low Moor pool to reopen after repairs</span> &#8594;</a></p>
  <p>Sign up for our free weekly newsletter and get the valley's news delivered to your inbox every Friday.</p>
  <p>The post <a href="https://valley.example/pool/">Low Moor pool to reopen after repairs</a> appeared first on <a href="https://valley.example">Valley Times</a>.</p>
  <img src="http://feeds.feedburner.com/~r/valley/~4/xyz" height="1" width="1" alt=""/>`;

describe('feedItemBlocks: a feed item\'s own HTML read as an article body', () => {
  it('leaves out WordPress\'s and Feedburner\'s furniture: share lines, "Continue reading … →", the newsletter offer, "The post … appeared first on …"', () => {
    expect(feedItemBlocks(WORDPRESS)).toEqual({ paragraphs: STORY, captions: [] });
  });

  it('leaves out a "Read more […]" excerpt link and a consent notice the feed copied with the text', () => {
    const notice = 'We and our partners use cookies to store and access information on your device for personalised ads.';
    expect(feedItemBlocks(`<p>${notice}</p>${paras(STORY)}<p><a href="https://valley.example/pool/">Read more […]</a></p>`).paragraphs).toEqual(STORY);
  });

  it('removes a newsletter box or share bar by its markup, as on a page', () => {
    const html = `${paras(STORY)}<div class="newsletter-signup"><p>Get our weekly round-up of valley news, free, every Friday morning.</p><form><input type="email" name="e"></form></div><div class="social-share"><a href="#">Post it</a> <a href="#">Pin it</a></div>`;
    expect(feedItemBlocks(html).paragraphs).toEqual(STORY);
  });

  it('reads feed HTML nested 100,000 deep flat, at once', () => {
    expect(feedItemBlocks(`${'<div>'.repeat(100_000)}${paras(STORY)}${'</div>'.repeat(100_000)}`).paragraphs).toEqual(STORY);
  });

  it('keeps the article\'s sentences that open like furniture', () => {
    const text = [...STORY, 'Sign up numbers for the learn-to-swim classes were the highest the club had seen.', 'The report was published on 2 March 2023.'];
    expect(feedItemBlocks(paras(text)).paragraphs).toEqual(text);
  });

  it('leaves htmlBlocks reading blocks only, furniture and all', () => {
    expect(htmlBlocks(WORDPRESS).paragraphs).toContain('Share this:');
  });

  it('is what the feed reader\'s "blocks" task gives (the feed\'s text of an item)', async () => {
    const work = new InlineWork(new SearchIndex());
    const read = await work.blocks(WORDPRESS);
    expect(read.ok && read.value.paragraphs).toEqual(STORY);
  });
});

describe('articleBody', () => {
  it('takes the date from a date line after a consent notice at the top, and drops the byline line', () => {
    const notice = 'We use cookies and similar tools on your device to make this site work and to measure how you use it.';
    const body = articleBody(htmlUnits(`<p>${notice}</p><p>Published 2 March 2023</p><p>By Ann Lee</p>${paras(STORY)}`), 'Ann Lee');
    expect(body).toEqual({ paragraphs: STORY, captions: [], published: '2023-03-02T00:00:00.000Z', consent: [notice] });
  });
});
