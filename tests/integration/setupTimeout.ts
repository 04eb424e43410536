// Integration tests start real servers, package the stack and run git: 2 minutes each.
// (A project's `testTimeout` in jest.config.js is ignored by jest; this applies per project.)
jest.setTimeout(120_000);
