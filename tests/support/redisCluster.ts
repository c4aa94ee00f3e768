import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { eventually } from './env.js';
import { freePort } from './ports.js';

const run = promisify(execFile);

/**
 * A local Redis Cluster of three masters (no replicas) on free ports, as an operator would make it:
 * `redis-server --cluster-enabled yes` three times, then `redis-cli --cluster create`.
 */
export class LocalRedisCluster {
  private constructor(
    readonly ports: number[],
    private readonly children: ChildProcess[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<LocalRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'relais-cluster-'));
    const ports: number[] = [];
    const children: ChildProcess[] = [];
    for (let i = 0; i < masters; i++) {
      const [port, bus] = [await freePort(), await freePort()];
      ports.push(port);
      const args = [
        ...['--port', String(port), '--cluster-port', String(bus), '--bind', '127.0.0.1'],
        ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir],
        ...['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      ];
      children.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    const cluster = new LocalRedisCluster(ports, children, dir);
    for (const port of ports) await eventually(() => cluster.ping(port), 10_000, `cluster node ${port}`);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes']);
    for (const port of ports) {
      await eventually(
        async () => /cluster_state:ok/.test(await cluster.command(port, 'CLUSTER', 'INFO')),
        15_000,
        `cluster state ok on ${port}`,
      );
    }
    return cluster;
  }

  /** What the product takes in REDIS_CLUSTER_NODES. */
  get nodes(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  /** Keys matching `pattern` held by each master, by port. */
  async keysByNode(pattern: string): Promise<Map<number, string[]>> {
    const byNode = new Map<number, string[]>();
    for (const port of this.ports) {
      const node = new Redis(port, '127.0.0.1');
      try {
        const keys: string[] = [];
        let cursor = '0';
        do {
          const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          keys.push(...found);
        } while (cursor !== '0');
        byNode.set(port, keys);
      } finally {
        node.disconnect();
      }
    }
    return byNode;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ping(port: number): Promise<boolean> {
    return (await this.command(port, 'PING').catch(() => '')) === 'PONG';
  }

  private async command(port: number, ...args: string[]): Promise<string> {
    const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
    return stdout.trim();
  }
}
