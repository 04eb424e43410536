/** Loads the AWS sample payloads in tests/fixtures/aws-events and wraps them the way SNS delivers them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** tests/fixtures: AWS sample events under aws-events/, test configs under config/. */
export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');
const FIXTURE_DIR = join(FIXTURES_DIR, 'aws-events');

/** Untyped parsed JSON, as JSON.parse returns it: tests reach into fixtures and mutate them freely. */
type Json = ReturnType<typeof JSON.parse>;

/** A fresh parsed copy, so a test may mutate it. */
export function fixture(name: string): Json {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8'));
}

/** Every CodePipeline and CodeBuild sample event. */
export function pipelineAndBuildFixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => /^(codepipeline|codebuild)-.*\.json$/.test(name))
    .sort();
}

const SNS_ENVELOPE = 'sns-lambda-event-envelope.aws-lambda-go.json';

interface SnsRecord {
  readonly Sns: { readonly MessageId: string; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

/** The aws-lambda-go SNS Lambda event with one record per message, its Message the message as JSON text. */
export function snsEventWith(...messages: unknown[]): Json {
  const event = fixture(SNS_ENVELOPE);
  const template: SnsRecord = event.Records[0];
  event.Records = messages.map((message, index) => ({
    ...template,
    Sns: { ...template.Sns, MessageId: `${template.Sns.MessageId}-${index}`, Message: JSON.stringify(message) },
  }));
  return event;
}
