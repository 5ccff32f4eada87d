// `npm test`: type check, build, then every suite (server, browser, end to end), ending with one
// plain line "N passed, N failed" that sums them all. Exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findChrome } from '../test/support/browser.js';
import { postgresBin, startPostgres } from '../test/support/services.js';

interface Counts {
  passed: number;
  failed: number;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return testFiles(path);
      return name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

/** Runs a command, streaming its output, and resolves with its exit code and output. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function lastNumber(output: string, pattern: RegExp): number {
  const matches = [...output.matchAll(pattern)];
  return matches.length > 0 ? Number(matches.at(-1)![1]) : 0;
}

/** node --test with the TAP reporter: "# pass N", "# fail N", "# cancelled N". */
async function nodeSuite(name: string, dir: string, env: NodeJS.ProcessEnv = {}): Promise<Counts> {
  console.log(`\n== ${name} ==`);
  const files = testFiles(dir);
  const { code, output } = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], env);
  const passed = lastNumber(output, /^# pass (\d+)$/gm);
  const failed = lastNumber(output, /^# fail (\d+)$/gm) + lastNumber(output, /^# cancelled (\d+)$/gm);
  // A crash before any summary still counts as a failure.
  return { passed, failed: failed === 0 && code !== 0 ? 1 : failed };
}

async function browserSuite(): Promise<Counts> {
  console.log('\n== browser (client and elements, Chromium) ==');
  const { code, output } = await run(process.execPath, [
    '--import',
    'tsx',
    'node_modules/@web/test-runner/dist/bin.js',
    '--config',
    'web-test-runner.config.mjs',
  ]);
  const match = /^web: (\d+) passed, (\d+) failed/m.exec(output);
  if (!match) return { passed: 0, failed: 1 };
  const failed = Number(match[2]);
  return { passed: Number(match[1]), failed: failed === 0 && code !== 0 ? 1 : failed };
}

async function step(name: string, command: string, args: string[]): Promise<void> {
  console.log(`\n== ${name} ==`);
  const { code } = await run(command, args);
  if (code !== 0) {
    console.log(`\n${name} failed.\n0 passed, 1 failed`);
    process.exit(1);
  }
}

const chrome = findChrome();
if (!chrome) {
  console.log('Chromium or Chrome not found: install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROME_PATH.');
  process.exit(1);
}
process.env.CHROME_PATH = chrome;

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
await step('type check', npx, ['tsc', '-p', 'tsconfig.json']);
await step('type check (server)', npx, ['tsc', '-p', 'tsconfig.server.json']);
await step('build', 'npm', ['run', '--silent', 'build']);

/** The server suite again with PostgreSQL storage, on one throwaway cluster, when PostgreSQL is installed. */
async function serverOnPostgres(): Promise<[string, Counts][]> {
  if (!postgresBin()) {
    console.log('\nPostgreSQL not installed (Debian: apt-get install -y postgresql): server suite on PostgreSQL skipped.');
    return [];
  }
  const postgres = await startPostgres();
  try {
    const env = { PARLEY_TEST_DATABASE: 'postgres', PARLEY_TEST_POSTGRES_URL: postgres.url };
    return [['server on PostgreSQL', await nodeSuite('server on PostgreSQL (node --test)', 'test/server', env)]];
  } finally {
    await postgres.stop();
  }
}

const suites: [string, Counts][] = [
  ['server', await nodeSuite('server (node --test)', 'test/server')],
  ...(await serverOnPostgres()),
  ['browser', await browserSuite()],
  ['e2e', await nodeSuite('end to end (real server, Chromium)', 'test/e2e')],
];
console.log('');
for (const [name, counts] of suites) console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
const passed = suites.reduce((n, [, c]) => n + c.passed, 0);
const failed = suites.reduce((n, [, c]) => n + c.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
