import { type DestinationStream, destination } from 'pino';

/**
 * A pino destination that gathers the lines of one event-loop turn and hands them to
 * sonic-boom as one Buffer, written asynchronously. Under load a turn finishes dozens of
 * requests, so they leave in one write(2); a quiet server still writes each line at the end
 * of the turn that logged it.
 *
 * Why not sonic-boom alone: its `write` measures the whole pending string again for every
 * line (`Buffer.byteLength` of a growing concatenation), which the profile of
 * `make bench-service` showed as the largest single cost of a log line, and it encodes each
 * batch to UTF-8 twice. Here a turn's lines are encoded once, in its buffer mode.
 */
export class LineBatch implements DestinationStream {
  readonly #out: ReturnType<typeof destination>;
  #pending = '';
  #scheduled = false;
  #closed = false;
  // An uncaught exception ends the process without the drain: hand over what is queued, and
  // sonic-boom (or pino's own exit hook) writes it synchronously.
  readonly #onExit = () => {
    this.#flush();
    this.#out.flushSync();
  };

  constructor(fd: number) {
    this.#out = destination({ fd, sync: false, contentMode: 'buffer' });
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
    const chunk = Buffer.from(this.#pending);
    this.#pending = '';
    // sonic-boom's typings predate its buffer mode, which takes Buffers.
    this.#out.write(chunk as unknown as string);
  };
}
