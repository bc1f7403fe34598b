/**
 * Longest test files first, so that neither worker is left with a long file at the end of the run.
 * Jest orders by the durations of the last run, kept in its cache; a clean clone has no cache, and
 * jest then orders by file size, which put the longest files (minutes each) late in the run. Those
 * files have an estimate here (seconds, measured with two workers on an idle machine); the cache's
 * duration wins when there is one. Files that failed last time still run first.
 */
const { default: Sequencer } = require('@jest/test-sequencer');
const { relative } = require('node:path');

const ESTIMATES = {
  'test/cloud/policy.test.ts': 250,
  'test/e2e/scenarios.test.ts': 160,
  'test/unit/package-size.test.ts': 120,
  'test/pages/trees.test.ts': 100,
  'test/e2e/native.test.ts': 90,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const sizes = new Map();
    const size = (test) => {
      if (!sizes.has(test.path)) sizes.set(test.path, test.context.hasteFS.getSize(test.path) ?? 0);
      return sizes.get(test.path);
    };
    for (const test of tests) {
      const estimate = ESTIMATES[relative(test.context.config.rootDir, test.path).split('\\').join('/')];
      test.duration = this.time(test) ?? (estimate === undefined ? undefined : estimate * 1000);
    }
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      const failedB = this.hasFailed(b);
      if (failedA !== failedB) return failedA ? -1 : 1;
      if (a.duration !== undefined || b.duration !== undefined) return (b.duration ?? -1) - (a.duration ?? -1);
      return size(b) - size(a);
    });
  }
}

module.exports = LongestFirst;
