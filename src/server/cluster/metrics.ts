import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the socket server reports about each command it answers. */
export interface CommandMetrics {
  /** `command` is a known command name, or 'unknown' (labels must not grow with what clients send). */
  commandDone(command: string, ok: boolean, seconds: number): void;
}

export interface MetricSources {
  /** Live socket.io connections on this node. */
  connections(): number;
  /** Writes waiting for the next group commit. */
  queuedWrites(): number;
  /** Connections cut since the start because they stopped reading. */
  slowConsumersCut(): number;
}

/**
 * Prometheus metrics for one node (`/metrics`): connections, messages, command ack latency,
 * store commit latency and the write queue, plus the process defaults (event loop lag, memory, CPU).
 */
export class ServerMetrics implements CommandMetrics {
  readonly registry = new Registry();
  private readonly messages = new Counter({
    name: 'parley_messages_total',
    help: 'Messages committed by message:send on this node',
    registers: [this.registry],
  });
  private readonly acks = new Histogram({
    name: 'parley_command_ack_seconds',
    help: 'Time from receiving a command to sending its ack',
    labelNames: ['command', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private readonly commits = new Histogram({
    name: 'parley_store_commit_seconds',
    help: 'Time for a write to be committed to the store, including the wait for its group commit',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'parley_' });
    new Gauge({
      name: 'parley_connections',
      help: 'Open socket.io connections on this node',
      registers: [this.registry],
      collect() {
        this.set(sources.connections());
      },
    });
    new Counter({
      name: 'parley_slow_consumers_cut_total',
      help: 'Connections cut because they stopped reading while pushes piled up for them',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(sources.slowConsumersCut());
      },
    });
    new Gauge({
      name: 'parley_queued_writes',
      help: 'Writes waiting for the next group commit',
      registers: [this.registry],
      collect() {
        this.set(sources.queuedWrites());
      },
    });
  }

  storeCommitted(seconds: number): void {
    this.commits.observe(seconds);
  }

  commandDone(command: string, ok: boolean, seconds: number): void {
    this.acks.observe({ command, outcome: ok ? 'ok' : 'error' }, seconds);
    if (ok && command === 'message:send') this.messages.inc();
  }
}
