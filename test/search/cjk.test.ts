import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/answers.js';
import { article } from '../fixtures.js';
import { SHARED } from '../../src/model/scope.js';

// Issue 16: a part of a Chinese or Japanese name finds the name (tokenize.ts segments CJK text).
const CHINESE = `外长会谈在日内瓦举行

中国外交部长王毅周四在日内瓦与各国代表举行会谈。

谈判代表李明华表示，双方已经签署了停火协议。

代表团将于下周返回北京。
`;
const JAPANESE = `首相が記者会見

岸田文雄首相は金曜日に東京で記者会見を行った。

大阪では新しい橋が来年開通する予定だ。
`;

describe('questions about Chinese and Japanese articles', () => {
  const engine = new Engine([article('talks-zh', CHINESE), article('press-ja', JAPANESE)]);
  const first = (question: string) => engine.ask(question, { scope: SHARED }).results[0];

  it.each([
    ['李明华说了什么？', 'the whole name'],
    ['明华表示了什么', 'the given name alone'],
    ['李表示了什么', 'the family name alone'],
  ])('answers "%s" (%s) with 李明华\'s sentence, ¶2 of the Chinese article', (question) => {
    expect(first(question)).toMatchObject({ articleId: 'talks-zh', paragraph: 2, quote: '谈判代表李明华表示，双方已经签署了停火协议。' });
  });

  it.each(['王毅', '毅在哪里举行会谈'])('answers "%s" from ¶1, where 王毅 is named', (question) => {
    expect(first(question)).toMatchObject({ articleId: 'talks-zh', paragraph: 1 });
  });

  it.each(['文雄', '岸田'])('answers "%s" (one part of 岸田文雄) from the Japanese article\'s ¶1', (question) => {
    expect(first(question)).toMatchObject({ articleId: 'press-ja', paragraph: 1, quote: '岸田文雄首相は金曜日に東京で記者会見を行った。' });
  });
});
