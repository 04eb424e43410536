/**
 * Every AWS SDK client Herald builds gets explicit connect/request timeouts (with
 * throwOnRequestTimeout) and bounded retries from awsClientConfig(): a scan of the sources
 * fails on any `new …Client(` whose first argument is something else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { awsClientConfig } from '../../../shared/adapters/aws/clientConfig';

const ROOT = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** `new SNSClient(`, `new sdk.DynamoDBClient(`: each client construction and what follows it. */
const CLIENT_CONSTRUCTION = /new\s+(?:[\w$]+\.)*([A-Z][\w$]*Client)\s*\(\s*([^)]{0,40})/g;

/**
 * `awsClientConfig(…)`, `{ ...awsClientConfig(…), …overrides }`, or a variable of the same file
 * declared as one of those.
 */
function builtWithClientConfig(argument: string, source: string): boolean {
  if (/^(\{\s*\.\.\.)?awsClientConfig\(/.test(argument)) return true;
  const variable = /^([\w$]+)\s*$/.exec(argument)?.[1];
  return variable !== undefined && new RegExp(`const ${variable}\\s*=\\s*(\\{\\s*\\.\\.\\.)?awsClientConfig\\(`).test(source);
}

describe('SDK client configuration', () => {
  const files = ['shared', 'functions', 'bin'].flatMap((dir) => sources(join(ROOT, dir)));

  it('finds the clients it checks (the scan reaches the adapters)', () => {
    const found = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(CLIENT_CONSTRUCTION)].map((match) => match[1]));
    expect(found).toEqual(expect.arrayContaining(['SNSClient', 'DynamoDBClient', 'CodeCommitClient', 'SSMClient', 'CodePipelineClient']));
  });

  it('builds every client with awsClientConfig()', () => {
    const offenders = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(CLIENT_CONSTRUCTION)]
        .filter((match) => !builtWithClientConfig(match[2] ?? '', readFileSync(file, 'utf8')))
        .map((match) => `${relative(ROOT, file)}: new ${match[1]}(${match[2]}…`),
    );
    expect(offenders).toEqual([]);
  });

  it('sets connect and request timeouts that throw, and bounded retries', () => {
    expect(awsClientConfig()).toEqual({
      maxAttempts: expect.any(Number),
      requestHandler: { connectionTimeout: expect.any(Number), requestTimeout: expect.any(Number), throwOnRequestTimeout: true },
    });
    expect(awsClientConfig().maxAttempts).toBeLessThanOrEqual(5);
  });
});
