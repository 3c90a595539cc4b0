/**
 * A worker thread's task: reading a page, a feed or an article file, or making an article ready for
 * the index (sources/tasks.ts, runTask). Used through the pool in work-pool.ts. The word vectors are
 * loaded once per thread when the app uses them (workerData.vectors), so that an article prepared
 * here is prepared exactly as the main thread would.
 */
import { workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { isMeaning, loadMeaning } from '../meaning/index.js';
import { SearchIndex } from '../search/index.js';
import { runTask } from './tasks.js';
import type { PreparedArticle } from '../search/index.js';
import type { MadeArticle, Task } from './work.js';

let index: SearchIndex | undefined;

function indexOfThread(): SearchIndex {
  if (!index) {
    const meaning = (workerData as { vectors?: boolean } | undefined)?.vectors ? loadMeaning() : null;
    index = new SearchIndex([], meaning && isMeaning(meaning) ? meaning.vectors : null);
  }
  return index;
}

export default function work(task: Task): unknown {
  const result = runTask(task, indexOfThread());
  // A made article's typed arrays are moved to the main thread, not copied.
  if ((task.kind === 'article' || task.kind === 'knowledge' || task.kind === 'prepare') && (result as { ok: boolean }).ok) {
    const { value } = result as { value: MadeArticle | PreparedArticle };
    const prepared = 'prepared' in value ? value.prepared : value;
    const buffers = [prepared.tokens, prepared.passageEnds, prepared.marks, prepared.sentences, prepared.sentenceEnds, prepared.norms].map((a) => a.buffer);
    return Piscina.move({ [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: result } as never);
  }
  return result;
}
