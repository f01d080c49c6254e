/**
 * The common {@link Metrics} interface over a prom-client registry of its own (not the global
 * one, so several nodes in one process, as in tests, keep separate figures). The common interface
 * takes `(value, labels)`; prom-client takes labels first, so each instrument is adapted.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type {
  Counter as CounterPort,
  Gauge as GaugePort,
  Histogram as HistogramPort,
  Labels,
  Metrics,
} from '../common/index.js';

/** Metrics recorded into `registry`; declaring a name twice returns the first instrument. */
export class PromMetrics implements Metrics {
  private readonly made = new Map<string, CounterPort | GaugePort | HistogramPort>();

  constructor(readonly registry: Registry = new Registry()) {}

  counter(name: string, help: string, labelNames: readonly string[] = []): CounterPort {
    return this.once(name, () => {
      const c = new Counter({ name, help, labelNames, registers: [this.registry] });
      return { inc: (v = 1, l?: Labels) => (l ? c.inc(l, v) : c.inc(v)) };
    });
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): GaugePort {
    return this.once(name, () => {
      const g = new Gauge({ name, help, labelNames, registers: [this.registry] });
      return {
        set: (v: number, l?: Labels) => (l ? g.set(l, v) : g.set(v)),
        inc: (v = 1, l?: Labels) => (l ? g.inc(l, v) : g.inc(v)),
        dec: (v = 1, l?: Labels) => (l ? g.dec(l, v) : g.dec(v)),
      };
    });
  }

  histogram(
    name: string,
    help: string,
    buckets?: readonly number[],
    labelNames: readonly string[] = [],
  ): HistogramPort {
    return this.once(name, () => {
      const h = new Histogram({
        name,
        help,
        labelNames,
        ...(buckets ? { buckets: [...buckets] } : {}),
        registers: [this.registry],
      });
      return { observe: (v: number, l?: Labels) => (l ? h.observe(l, v) : h.observe(v)) };
    });
  }

  private once<T extends CounterPort | GaugePort | HistogramPort>(name: string, make: () => T): T {
    const have = this.made.get(name);
    if (have !== undefined) return have as T;
    const m = make();
    this.made.set(name, m);
    return m;
  }
}
