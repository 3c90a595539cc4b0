import type { Logger } from '../logger.js';

/**
 * Runs a job every `everyMs` until stopped, never two runs at once; {@link wake} runs it soon (after
 * a change that makes work due). Timers are unref'd: a job never keeps the process alive by itself.
 * Shared by feed polling and scheduled digests. Each run ends with a debug line
 * `{ job, ms } 'job finished'` (whether it succeeded or failed): proof for whoever watches the logs
 * (the end-to-end tests) that a look for work has been made and everything it found has been done.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private halted = false;
  /** Set by {@link start} when there is a first step to run before the job. */
  private firstPending = false;

  /** `first` runs once after each {@link start}, before the job's first run (if it fails, that run is skipped and logged as the job's). */
  constructor(
    private readonly job: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly log: Logger,
    private readonly name: string,
    private readonly first?: () => Promise<unknown>,
  ) {}

  /** Runs the job now, then every `everyMs`. */
  start(): void {
    this.stopped = false;
    this.halted = false;
    this.firstPending = this.first !== undefined;
    this.schedule(0);
  }

  /** Runs the job soon, if started. */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Stops, and waits for a run under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Whether {@link stop} was called (a long run checks it to end early; a run called directly, never started, is not stopped). */
  get isStopped(): boolean {
    return this.halted;
  }

  private async run(): Promise<unknown> {
    if (this.firstPending) {
      this.firstPending = false;
      await this.first!();
    }
    return this.job();
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      if (this.running) return this.schedule(this.everyMs);
      const began = performance.now();
      this.running = this.run()
        .catch((error: unknown) => this.log.error({ err: error, job: this.name }, 'job failed'))
        .finally(() => {
          this.log.debug({ job: this.name, ms: Math.round(performance.now() - began) }, 'job finished');
          this.running = undefined;
          this.schedule(this.everyMs);
        });
    }, ms);
    this.timer.unref();
  }
}
