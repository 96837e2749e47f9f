/**
 * Test data that is unique by construction, never from the clock alone: a counter makes
 * values unique within this process, and a tag of the process (its pid and random bytes)
 * keeps processes apart (jest's workers, child services seeding one database).
 */
import { randomBytes, randomInt } from 'node:crypto';

const RUN_TAG = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
/** Three digits that differ from one process to the next (most of the time). */
const RUN_DIGITS = String(randomInt(100, 1000));
let counter = 0;

/** `<prefix>_<process tag>_<n>`: unique in this process, and across processes. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}_${RUN_TAG}_${counter}`;
}

/**
 * A member number of 10 digits, as the member table holds them: three digits of this
 * process, then this process's counter on seven digits (fixed width, so no two
 * counters give the same text).
 */
export function uniqueMemberNumber(): string {
  counter += 1;
  return `${RUN_DIGITS}${String(counter).padStart(7, '0')}`;
}
