#!/usr/bin/env node
'use strict';
/**
 * Fails when a dependency brings an install script (preinstall, install,
 * postinstall, or a binding.gyp: `hasInstallScript` in package-lock.json) that
 * is not on the project's list, .ci/install-scripts-allowed.json, or when
 * package.json `allowScripts` (npm's own policy, honoured by npm 11.19 and
 * later) disagrees with that list. Reads only the lockfile, so .ci/run calls it
 * before `npm ci`, i.e. before any script could run.
 *
 *   node .ci/check-install-scripts.cjs [--root <project directory>]
 *
 * Exit 0: every install script is listed. Exit 1: the problems, on standard error.
 * Node built-ins only: nothing is installed when it runs.
 */
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ALLOW_LIST = '.ci/install-scripts-allowed.json';

/** The package an entry of the lockfile's `packages` map installs (aliases carry `name`). */
function packageName(lockPath, entry) {
  if (typeof entry.name === 'string' && entry.name) return entry.name;
  const marker = 'node_modules/';
  return lockPath.slice(lockPath.lastIndexOf(marker) + marker.length);
}

/** `name` of an allowScripts key: `pkg`, `pkg@1.2.3`, `@scope/pkg`, `@scope/pkg@1.2.3`. */
function specName(key) {
  const at = key.indexOf('@', key.startsWith('@') ? 1 : 0);
  return at === -1 ? key : key.slice(0, at);
}

/** The lockfile's dependencies that have an install script: [{ name, version, path }]. */
function installScripts(lock) {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry && entry.hasInstallScript === true)
    .map(([path, entry]) => ({ name: packageName(path, entry), version: entry.version, path }));
}

/** Problems with the list itself: each entry needs run, why, and versions when it may run. */
function listProblems(allowList) {
  if (!allowList || typeof allowList.packages !== 'object' || allowList.packages === null) {
    return [`${ALLOW_LIST} must have a "packages" object`];
  }
  const problems = [];
  for (const [name, entry] of Object.entries(allowList.packages)) {
    if (typeof entry?.run !== 'boolean')
      problems.push(`${ALLOW_LIST}: ${name} needs "run": true or false`);
    if (typeof entry?.why !== 'string' || !entry.why.trim()) {
      problems.push(`${ALLOW_LIST}: ${name} needs "why": the reason it is listed`);
    }
    const versions = entry?.versions;
    if (entry?.run === true && !(Array.isArray(versions) && versions.length > 0)) {
      problems.push(
        `${ALLOW_LIST}: ${name} may run, so it needs "versions": the versions whose scripts were reviewed`,
      );
    }
  }
  return problems;
}

/**
 * Compares the lockfile with the list and package.json's allowScripts.
 * Returns { problems, notes, found }: any problem fails the check; notes do not.
 */
function checkInstallScripts({ lock, allowList, packageJson }) {
  if (!lock || typeof lock.packages !== 'object' || lock.packages === null) {
    return {
      problems: ['package-lock.json has no "packages" map (lockfileVersion 2 or later is needed)'],
      notes: [],
      found: [],
    };
  }
  const problems = listProblems(allowList);
  if (problems.length > 0) return { problems, notes: [], found: [] };
  const listed = allowList.packages;
  const found = installScripts(lock);

  for (const { name, version, path } of found) {
    const entry = Object.prototype.hasOwnProperty.call(listed, name) ? listed[name] : undefined;
    if (!entry) {
      problems.push(
        `${name}@${version} (${path}) has an install script that is not on ${ALLOW_LIST}: ` +
          'read what it runs, then list it with "run" and "why", and set it in package.json "allowScripts" ' +
          '(false to deny it), or drop the dependency that brings it',
      );
    } else if (entry.run && !entry.versions.includes(version)) {
      problems.push(
        `${name}@${version} (${path}) may run its install script only in the reviewed versions ` +
          `${entry.versions.join(', ')}: review ${version} and add it to "versions" in ${ALLOW_LIST}`,
      );
    }
  }

  const allowScripts = (packageJson && packageJson.allowScripts) || {};
  const policy = new Map(
    Object.entries(allowScripts).map(([key, value]) => [specName(key), value]),
  );
  for (const [name, entry] of Object.entries(listed)) {
    if (policy.get(name) !== entry.run) {
      problems.push(
        `package.json "allowScripts" must have "${name}": ${entry.run}, as ${ALLOW_LIST} decides ` +
          `(it has ${policy.has(name) ? JSON.stringify(policy.get(name)) : 'nothing'})`,
      );
    }
  }
  for (const name of policy.keys()) {
    if (!Object.prototype.hasOwnProperty.call(listed, name)) {
      problems.push(
        `package.json "allowScripts" names ${name}, which ${ALLOW_LIST} does not list: add it there with "why"`,
      );
    }
  }

  const notes = Object.keys(listed)
    .filter((name) => !found.some((script) => script.name === name))
    .map((name) => `${name} is on ${ALLOW_LIST} but no longer in package-lock.json: remove it`);
  const decided = found.map((script) => ({ ...script, run: listed[script.name]?.run === true }));
  return { problems, notes, found: decided };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${error.message}`);
  }
}

function main(argv) {
  const rootFlag = argv.indexOf('--root');
  const root = rootFlag === -1 ? resolve(__dirname, '..') : resolve(argv[rootFlag + 1] ?? '.');
  let result;
  try {
    result = checkInstallScripts({
      lock: readJson(join(root, 'package-lock.json')),
      allowList: readJson(join(root, ALLOW_LIST)),
      packageJson: readJson(join(root, 'package.json')),
    });
  } catch (error) {
    process.stderr.write(`check-install-scripts: ${error.message}\n`);
    return 1;
  }
  for (const note of result.notes) process.stderr.write(`check-install-scripts: note: ${note}\n`);
  if (result.problems.length > 0) {
    for (const problem of result.problems)
      process.stderr.write(`check-install-scripts: ${problem}\n`);
    return 1;
  }
  const summary = result.found
    .map(({ name, version, run }) => `${name}@${version} (${run ? 'allowed' : 'denied'})`)
    .join(', ');
  process.stdout.write(
    `Install scripts: ${result.found.length} in package-lock.json, all on ${ALLOW_LIST}` +
      `${summary ? `: ${summary}` : ''}\n`,
  );
  return 0;
}

module.exports = { checkInstallScripts };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
