/**
 * jsdom for page tests, plus Node's fetch so the mini-program's `wx.cloud` reaches the
 * local cloud over 127.0.0.1 like a phone reaches the real one.
 */
const { TestEnvironment } = require('jest-environment-jsdom');

class PageEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ['fetch', 'Request', 'Response', 'Headers', 'structuredClone']) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = PageEnvironment;
