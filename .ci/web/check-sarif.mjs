// Validates SARIF logs with Microsoft's SARIF multitool (`validate`, one run
// over all files) and fails on any error, or on any SARIF1xxx result: those
// rules are the specification's "must"s, though the multitool reports some
// (SARIF1001, a rule's `name` equal to its `id`) only as warnings. Other
// warnings are listed, not failed on. The multitool itself exits 0 whatever
// it finds, so its own log (`--output`) is read back; its console lists
// every warning.
// Usage: node check-sarif.mjs LOG.sarif...
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// The platform's self-contained binary, run directly: the package's `bin.js`
// passes its arguments through a shell, which splits `Error;Warning`.
const multitool = require('@microsoft/sarif-multitool');
const files = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), 'sarif-multitool-'));
const output = join(scratch, 'validation.sarif');
try {
  const run = spawnSync(
    multitool,
    ['validate', '--output', output, '--log', 'ForceOverwrite', '--level', 'Error;Warning', ...files],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.log(`sarif-multitool exited ${run.status ?? run.signal}`);
    process.exit(1);
  }
  const log = JSON.parse(readFileSync(output, 'utf8'));
  const results = log.runs.flatMap((r) => r.results ?? []);
  const failing = results.filter((r) => (r.level ?? 'warning') === 'error' || r.ruleId.startsWith('SARIF1'));
  for (const result of failing) {
    const where = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    console.log(`failing: ${result.ruleId} in ${where}`);
  }
  console.log(`sarif-multitool: ${files.length} logs, ${results.length} warnings or errors, ${failing.length} failing`);
  process.exit(failing.length > 0 ? 1 : 0);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
