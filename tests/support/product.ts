import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './env.js';

/** The product itself, started as `npm start` would (tsx src/main.ts), as a child process. */
export class ProductProcess {
  stdout = '';
  stderr = '';
  private child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>, args: string[] = [], opts: { stdin?: boolean; nodeArgs?: string[] } = {}) {
    this.child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  write(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  endInput(): void {
    this.child.stdin!.end();
  }

  /** Waits for `text` to appear in stdout after position `from`; returns the index after it. */
  async waitForOutput(pattern: RegExp, from = 0, timeoutMs = 20_000): Promise<number> {
    return eventually(
      () => {
        const m = pattern.exec(this.stdout.slice(from));
        return m ? from + m.index + m[0].length : undefined;
      },
      timeoutMs,
      `output ${pattern}; stdout so far: ${this.stdout.slice(from).slice(-500)}; stderr: ${this.stderr.slice(-500)}`,
    );
  }

  async waitForLog(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    await eventually(() => pattern.test(this.stderr), timeoutMs, `log ${pattern}; stderr: ${this.stderr.slice(-1000)}`);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}
