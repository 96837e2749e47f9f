import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv, type Env } from './env.schema';

/** The `.env` files already added to process.env, by absolute path. */
const loaded = new Set<string>();

/**
 * Adds the variables of `.env` in the working directory to process.env, once per file. A
 * variable already in the environment wins (Node's process.loadEnvFile never overwrites), so a
 * platform's NODE_ENV=production and the secrets in `.env` work together. No file: nothing to do.
 */
export function loadDotEnv(path = '.env'): void {
  const file = resolve(path);
  if (loaded.has(file) || !existsSync(file)) return;
  process.loadEnvFile(file);
  loaded.add(file);
}

/**
 * The configuration of the service and of the CLI, read the same way by both: the environment
 * and `.env` together (the environment wins), then validated as a whole, before anything starts.
 *
 * @throws ConfigValidationError naming every wrong variable, one line each, never a value.
 */
export function readConfiguration(): Env {
  loadDotEnv();
  return parseEnv(process.env);
}
