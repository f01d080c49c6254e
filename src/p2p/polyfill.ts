/**
 * libp2p 2.x calls `Promise.withResolvers` (ES2024), which Node 20 lacks. This module installs a
 * minimal equivalent; every module that loads libp2p imports it first.
 */
interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };

if (typeof P.withResolvers !== 'function') {
  P.withResolvers = <T>(): Resolvers<T> => {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    const promise = new Promise<T>((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}

/** True once the polyfill (or a native implementation) is in place. */
export const withResolversReady = typeof P.withResolvers === 'function';
