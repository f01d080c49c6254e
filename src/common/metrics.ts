/**
 * The metrics interface (implemented with prom-client in `node`). Areas declare what they measure;
 * the composition root decides where it goes. Label values must be low-cardinality.
 */
export type Labels = Record<string, string>;

export interface Counter {
  inc(value?: number, labels?: Labels): void;
}
export interface Gauge {
  set(value: number, labels?: Labels): void;
  inc(value?: number, labels?: Labels): void;
  dec(value?: number, labels?: Labels): void;
}
export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

export interface Metrics {
  counter(name: string, help: string, labelNames?: readonly string[]): Counter;
  gauge(name: string, help: string, labelNames?: readonly string[]): Gauge;
  histogram(
    name: string,
    help: string,
    buckets?: readonly number[],
    labelNames?: readonly string[],
  ): Histogram;
}

const noop = { inc() {}, dec() {}, set() {}, observe() {} };

/** Metrics that record nothing. */
export const nullMetrics: Metrics = {
  counter: () => noop,
  gauge: () => noop,
  histogram: () => noop,
};
