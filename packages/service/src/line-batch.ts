import { type DestinationStream, destination } from 'pino';

/**
 * A pino destination that gathers the lines of one event-loop turn and writes them with one
 * synchronous write(2), through sonic-boom in its default (synchronous) mode. Under load a
 * turn finishes dozens of requests, so they leave together; a quiet server still writes each
 * line at the end of the turn that logged it.
 *
 * Measured under `make bench-service` (docs/service.md):
 * - sonic-boom alone re-measures its whole pending string for every line
 *   (`Buffer.byteLength` of a growing concatenation): the largest single cost of a log line;
 * - asynchronous writes keep each batch alive until the thread pool has written it, long
 *   enough to be promoted, and the old-generation collections that follow showed up as a
 *   p99 twice bare Express's;
 * - one synchronous write per turn costs less CPU than either, and than pino's worker-thread
 *   transport, whose thread must parse and write every line again.
 *
 * The price of writing synchronously: a log reader that stops reading (a full pipe) stalls
 * the server instead of growing its memory, as with pino's default destination.
 */
export class LineBatch implements DestinationStream {
  readonly #out: ReturnType<typeof destination>;
  #pending = '';
  #scheduled = false;
  #closed = false;
  // An uncaught exception ends the process without the drain: write what the turn queued.
  readonly #onExit = () => this.#flush();

  constructor(fd: number) {
    this.#out = destination({ fd, sync: true });
    process.once('exit', this.#onExit);
  }

  write(line: string): boolean {
    if (this.#closed) return false;
    this.#pending += line;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
    return true;
  }

  /**
   * Writes out every line queued so far, in order, closes the file descriptor, then calls
   * `done`. Lines logged after this are dropped.
   */
  close(done: () => void): void {
    process.removeListener('exit', this.#onExit);
    this.#flush();
    this.#closed = true;
    this.#out.once('close', done);
    this.#out.end();
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    if (this.#pending === '' || this.#closed) return;
    const chunk = this.#pending;
    this.#pending = '';
    this.#out.write(chunk);
  };
}
