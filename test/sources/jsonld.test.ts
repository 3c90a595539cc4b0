import { describe, expect, it } from 'vitest';
import { documentOf } from '../../src/sources/blocks.js';
import { bodyParagraphs, jsonLdArticle } from '../../src/sources/jsonld.js';

const URL = 'https://news.example/2024/03/ferry-fares';
const page = (...blocks: string[]) => documentOf(`<!doctype html><html><head>${blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join('')}</head><body><div id="root">Loading…</div></body></html>`);
const BODY = 'Ferry fares will rise by four per cent in April.\n\nThe operator blamed the cost of fuel.';

describe('jsonLdArticle', () => {
  it('reads a NewsArticle: headline, author, datePublished and the paragraphs of articleBody', () => {
    const a = jsonLdArticle(page(JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Ferry fares to rise', author: { '@type': 'Person', name: 'Sam Okafor' }, datePublished: '2024-03-14T08:00:00Z', articleBody: BODY })), URL);
    expect(a).toEqual({ title: 'Ferry fares to rise', byline: 'Sam Okafor', published: '2024-03-14T08:00:00Z', paragraphs: ['Ferry fares will rise by four per cent in April.', 'The operator blamed the cost of fuel.'], url: null });
  });

  it('finds the article inside @graph, beside the page, the site and its breadcrumbs', () => {
    const graph = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite', name: 'Coast Times' }, { '@type': 'BreadcrumbList', itemListElement: [] }, { '@type': ['ReportageNewsArticle'], headline: 'Ferry fares to rise', author: 'Jo Bloggs', articleBody: BODY }] };
    expect(jsonLdArticle(page(JSON.stringify(graph)), URL)).toMatchObject({ title: 'Ferry fares to rise', byline: 'Jo Bloggs', paragraphs: [expect.any(String), expect.any(String)] });
  });

  it('finds it in a top-level array, with schema: and URL forms of the type', () => {
    expect(jsonLdArticle(page(JSON.stringify([{ '@type': 'Organization', name: 'X' }, { '@type': 'schema:BlogPosting', headline: 'A post', articleBody: BODY }])), URL)?.title).toBe('A post');
    expect(jsonLdArticle(page(JSON.stringify({ '@type': 'http://schema.org/Article', headline: 'An article', articleBody: BODY })), URL)?.title).toBe('An article');
  });

  it('skips a block that is not JSON and reads the others', () => {
    const a = jsonLdArticle(page('{"@type": "WebPage", "name": "broken",,}', JSON.stringify({ '@type': 'NewsArticle', headline: 'Ferry fares to rise', articleBody: BODY })), URL);
    expect(a?.title).toBe('Ferry fares to rise');
  });

  it('repairs an articleBody printed with raw line breaks, and a CDATA wrapper', () => {
    const raw = `//<![CDATA[\n{"@type": "NewsArticle", "headline": "Ferry fares to rise", "articleBody": "First paragraph of the story.\n\nSecond paragraph,\twith a tab."}\n//]]>`;
    expect(jsonLdArticle(page(raw), URL)?.paragraphs).toEqual(['First paragraph of the story.', 'Second paragraph, with a tab.']);
  });

  it('reads every shape of author: a string, an object, an array of both', () => {
    const by = (author: unknown) => jsonLdArticle(page(JSON.stringify({ '@type': 'NewsArticle', headline: 'h', author, articleBody: BODY })), URL)?.byline;
    expect(by('Sam Okafor')).toBe('Sam Okafor');
    expect(by({ '@type': 'Person', name: 'Sam Okafor' })).toBe('Sam Okafor');
    expect(by([{ '@type': 'Person', name: 'Sam Okafor' }, 'Jo Bloggs', { '@type': 'Person' }])).toBe('Sam Okafor, Jo Bloggs');
    expect(by(undefined)).toBeNull();
  });

  it('prefers the article whose url is the page\'s over a longer one it also lists', () => {
    const other = { '@type': 'NewsArticle', headline: 'Another story', url: 'https://news.example/other', articleBody: `${BODY}\n\n${BODY}\n\n${BODY}` };
    const own = { '@type': 'NewsArticle', headline: 'Ferry fares to rise', mainEntityOfPage: { '@id': `${URL}/` }, articleBody: BODY };
    expect(jsonLdArticle(page(JSON.stringify([other, own])), URL)?.title).toBe('Ferry fares to rise');
  });

  it('ignores what is not an article (a recipe, a product) and pages without JSON-LD', () => {
    expect(jsonLdArticle(page(JSON.stringify({ '@type': 'Recipe', name: 'Cookies', articleBody: BODY })), URL)).toBeNull();
    expect(jsonLdArticle(documentOf('<html><body><p>Text</p></body></html>'), URL)).toBeNull();
  });
});

describe('bodyParagraphs', () => {
  it('splits on blank lines when there are any, keeping single line breaks inside a paragraph', () => {
    expect(bodyParagraphs('One line\nwrapped here.\n\nTwo.\n \nThree.')).toEqual(['One line wrapped here.', 'Two.', 'Three.']);
  });

  it('splits on single line breaks when there is no blank line', () => {
    expect(bodyParagraphs('One.\nTwo.\r\nThree.')).toEqual(['One.', 'Two.', 'Three.']);
  });

  it('decodes entities in the headline and author even when encoded twice (WordPress), as feed titles are', () => {
    const a = jsonLdArticle(page(JSON.stringify({ '@type': 'NewsArticle', headline: 'Mayor&amp;#8217;s &amp;quot;no new tax&amp;quot; pledge', author: 'Siobh&amp;aacute;n O&#8217;Neill', articleBody: BODY })), URL);
    expect(a).toMatchObject({ title: 'Mayor’s "no new tax" pledge', byline: 'Siobhán O’Neill' });
  });

  it('leaves text that only looks like an entity: "AT&T", "R&D;"', () => {
    const a = jsonLdArticle(page(JSON.stringify({ '@type': 'NewsArticle', headline: 'AT&T and the R&D; budget', articleBody: BODY })), URL);
    expect(a?.title).toBe('AT&T and the R&D; budget');
  });

  it('reads an HTML articleBody as HTML, and decodes entities left in text', () => {
    expect(bodyParagraphs('<p class="first">One &amp; two.</p>\n<p>Three.</p>')).toEqual(['One & two.', 'Three.']);
    expect(bodyParagraphs('Rock &amp; roll, the minister&#8217;s view.')).toEqual(['Rock & roll, the minister’s view.']);
  });
});
