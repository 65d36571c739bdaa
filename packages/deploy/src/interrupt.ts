import { writeFile } from 'node:fs/promises';

export type StopSignal = 'SIGINT' | 'SIGTERM';
const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

/** What signals arrive on: the process, or a fake in tests. */
export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
}

/** Conventional exit codes: 128 + the signal number. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * SIGINT/SIGTERM during a deploy: never kill ansible-playbook mid-task. The first signal writes
 * the stop marker the play checks before each batch, so the host in progress finishes its step
 * (back in service, on whichever image is healthy) and no further host starts. Later signals only
 * say what is going on; SIGKILL remains for whoever really wants to abandon the run.
 */
export class Interrupt {
  private received: StopSignal | undefined;
  private readonly listeners = new Map<StopSignal, () => void>();

  constructor(
    private readonly stopFile: string,
    private readonly say: (line: string) => void,
    private readonly source: SignalSource = process,
  ) {}

  /** The first signal received, if any. */
  get signal(): StopSignal | undefined {
    return this.received;
  }

  install(): this {
    for (const signal of SIGNALS) {
      const listener = () => this.onSignal(signal);
      this.listeners.set(signal, listener);
      this.source.on(signal, listener);
    }
    return this;
  }

  uninstall(): void {
    for (const [signal, listener] of this.listeners) this.source.off(signal, listener);
    this.listeners.clear();
  }

  private onSignal(signal: StopSignal): void {
    if (this.received) {
      this.say(
        `\n${signal}: still finishing the host in progress. SIGKILL (kill -9 ${process.pid}) abandons it; then run \`deploy reconcile\`.`,
      );
      return;
    }
    this.received = signal;
    this.say(
      `\n${signal}: stopping after the host in progress (it finishes its step and is put back in service); no further host starts.`,
    );
    // Synchronous enough: the play reads the marker before its next batch, seconds away at best.
    writeFile(this.stopFile, `${signal}\n`).catch((error: Error) =>
      this.say(`warning: could not write the stop marker ${this.stopFile}: ${error.message}`),
    );
  }
}
