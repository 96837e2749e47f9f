/**
 * .ci/check-install-scripts.cjs as .ci/run runs it (a child process, exit code
 * and messages), on lockfiles written to a temporary directory, and on the
 * repository itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CHECKER = join(ROOT, '.ci', 'check-install-scripts.cjs');

interface Project {
  lock: unknown;
  allowList: unknown;
  packageJson: unknown;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runChecker(args: string[]): Run {
  const result = spawnSync(process.execPath, [CHECKER, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function check(project: Project): Run {
  const dir = mkdtempSync(join(tmpdir(), 'install-scripts-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.ci'));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(project.lock));
  writeFileSync(
    join(dir, '.ci', 'install-scripts-allowed.json'),
    JSON.stringify(project.allowList),
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify(project.packageJson));
  return runChecker(['--root', dir]);
}

function lockWith(packages: Record<string, object>): object {
  return {
    name: 'p',
    lockfileVersion: 3,
    packages: { '': { name: 'p', dependencies: {} }, ...packages },
  };
}

const SCARF = { 'node_modules/@scarf/scarf': { version: '1.4.0', hasInstallScript: true } };
const PLAIN = { 'node_modules/left-pad': { version: '1.3.0' } };
const SCARF_DENIED = {
  packages: { '@scarf/scarf': { run: false, why: 'phones home' } },
};

describe('.ci/check-install-scripts.cjs', () => {
  it('passes when every install script in the lock is on the list and package.json agrees', () => {
    const run = check({
      lock: lockWith({ ...PLAIN, ...SCARF }),
      allowList: SCARF_DENIED,
      packageJson: { allowScripts: { '@scarf/scarf': false } },
    });
    expect(run).toEqual({
      code: 0,
      stdout:
        'Install scripts: 1 in package-lock.json, all on .ci/install-scripts-allowed.json: ' +
        '@scarf/scarf@1.4.0 (denied)\n',
      stderr: '',
    });
  });

  it('passes a lock without install scripts', () => {
    const run = check({
      lock: lockWith(PLAIN),
      allowList: { packages: {} },
      packageJson: {},
    });
    expect(run.code).toBe(0);
  });

  it('fails for an install script that is not on the list, naming it, its version and where it is', () => {
    const run = check({
      lock: lockWith({
        ...SCARF,
        'node_modules/a/node_modules/@evil/telemetry': { version: '2.0.1', hasInstallScript: true },
      }),
      allowList: SCARF_DENIED,
      packageJson: { allowScripts: { '@scarf/scarf': false } },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      '@evil/telemetry@2.0.1 (node_modules/a/node_modules/@evil/telemetry) has an install script ' +
        'that is not on .ci/install-scripts-allowed.json',
    );
    expect(run.stderr).not.toContain('@scarf/scarf');
  });

  it('names an aliased package by what it installs, not by its alias', () => {
    const run = check({
      lock: lockWith({
        'node_modules/harmless': { name: 'native-thing', version: '1.0.0', hasInstallScript: true },
      }),
      allowList: { packages: { harmless: { run: false, why: 'an alias is not a review' } } },
      packageJson: { allowScripts: { harmless: false } },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'native-thing@1.0.0 (node_modules/harmless) has an install script',
    );
  });

  it('fails when package.json allowScripts does not say what the list decides', () => {
    const missing = check({ lock: lockWith(SCARF), allowList: SCARF_DENIED, packageJson: {} });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'package.json "allowScripts" must have "@scarf/scarf": false, as .ci/install-scripts-allowed.json decides (it has nothing)',
    );

    const allowed = check({
      lock: lockWith(SCARF),
      allowList: SCARF_DENIED,
      packageJson: { allowScripts: { '@scarf/scarf@1.4.0': true } },
    });
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toContain('(it has true)');

    const unlisted = check({
      lock: lockWith(SCARF),
      allowList: SCARF_DENIED,
      packageJson: { allowScripts: { '@scarf/scarf': false, esbuild: true } },
    });
    expect(unlisted.code).toBe(1);
    expect(unlisted.stderr).toContain('package.json "allowScripts" names esbuild');
  });

  it('lets a script run only in the versions someone reviewed', () => {
    const project = (version: string): Project => ({
      lock: lockWith({ 'node_modules/esbuild': { version, hasInstallScript: true } }),
      allowList: {
        packages: { esbuild: { run: true, versions: ['0.25.0'], why: 'fetches its binary' } },
      },
      packageJson: { allowScripts: { esbuild: true } },
    });
    expect(check(project('0.25.0')).code).toBe(0);
    const newer = check(project('0.25.1'));
    expect(newer.code).toBe(1);
    expect(newer.stderr).toContain(
      'esbuild@0.25.1 (node_modules/esbuild) may run its install script only in the reviewed versions 0.25.0',
    );
  });

  it('refuses a list entry without a reason, or a script allowed without reviewed versions', () => {
    const run = check({
      lock: lockWith({ 'node_modules/esbuild': { version: '0.25.0', hasInstallScript: true } }),
      allowList: { packages: { esbuild: { run: true } } },
      packageJson: { allowScripts: { esbuild: true } },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('esbuild needs "why"');
    expect(run.stderr).toContain('esbuild may run, so it needs "versions"');
  });

  it('refuses a lockfile it cannot read for install scripts (lockfileVersion 1)', () => {
    const run = check({
      lock: { lockfileVersion: 1, dependencies: {} },
      allowList: { packages: {} },
      packageJson: {},
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('package-lock.json has no "packages" map');
  });

  it('notes, without failing, a listed package that is no longer installed', () => {
    const run = check({
      lock: lockWith(PLAIN),
      allowList: SCARF_DENIED,
      packageJson: { allowScripts: { '@scarf/scarf': false } },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'note: @scarf/scarf is on .ci/install-scripts-allowed.json but no longer',
    );
  });

  describe('on this repository', () => {
    it('passes, so .ci/run can go on to npm ci', () => {
      const run = runChecker([]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    });

    it("switches Scarf's install analytics off both ways, and CI checks before npm ci", () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        allowScripts?: Record<string, boolean>;
        scarfSettings?: { enabled?: boolean };
      };
      expect(pkg.allowScripts?.['@scarf/scarf']).toBe(false);
      expect(pkg.scarfSettings?.enabled).toBe(false);

      // Each command as it runs, without the Node.js line it runs on (`on_node "$NODE24" …`).
      const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')
        .split('\n')
        .map((line) => line.replace(/^on_node "\$NODE\d+" /, ''));
      const checkLine = ci.findIndex((line) =>
        line.startsWith('node .ci/check-install-scripts.cjs'),
      );
      const installLine = ci.findIndex((line) => line.startsWith('npm ci '));
      expect(checkLine).toBeGreaterThanOrEqual(0);
      expect(checkLine).toBeLessThan(installLine);
      expect(ci[installLine]).toContain('--strict-allow-scripts');
    });
  });
});
