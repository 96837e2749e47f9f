/** How a helper process receives its settings: JSON in one environment variable. */
export const CHILD_INIT_ENV = 'BENCH_CHILD_INIT';

/** A child's settings, as the bench passed them. */
export function childInit<T>(): T {
  const raw = process.env[CHILD_INIT_ENV];
  if (!raw) throw new Error(`${CHILD_INIT_ENV} is not set: the bench starts this file`);
  return JSON.parse(raw) as T;
}
