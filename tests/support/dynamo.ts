/**
 * DynamoDB tables for integration tests, on the dynalite server tests/integration/globalSetup.mjs
 * starts: created from serverless.yml's own definitions (key schema, attributes), under unique
 * names, so each test file has its own records.
 */
import { CreateTableCommand, DynamoDBClient, ScanCommand, DeleteItemCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

export function dynamoEndpoint(): string {
  const endpoint = process.env.HERALD_TEST_DYNAMODB_ENDPOINT;
  if (endpoint === undefined) throw new Error('HERALD_TEST_DYNAMODB_ENDPOINT is not set: run through the integration jest project');
  return endpoint;
}

export function dynamoClient(endpoint = dynamoEndpoint()): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

/** The table's definition in serverless.yml (resources[0].Resources.<id>.Properties), CloudFormation tags left unresolved. */
export function serverlessTableDefinition(resourceId: string): CreateTableCommandInput {
  const document = parseDocument(readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8'), { logLevel: 'silent' });
  // `resources` is a list: the hand-written template first, generated parts after it.
  const properties = document.getIn(['resources', 0, 'Resources', resourceId, 'Properties'], false);
  const definition = JSON.parse(JSON.stringify(properties));
  if (definition === undefined || definition === null) throw new Error(`serverless.yml declares no ${resourceId}`);
  return { TableName: definition.TableName, AttributeDefinitions: definition.AttributeDefinitions, KeySchema: definition.KeySchema, BillingMode: definition.BillingMode };
}

export interface HeraldTables {
  readonly idempotencyTable: string;
  readonly stateTable: string;
  /** What a Lambda entry reads: table names and the DynamoDB endpoint. */
  readonly env: Record<string, string>;
  /** Deletes every item of both tables. */
  clear(): Promise<void>;
}

/** Creates the idempotency and state tables under unique names, on `endpoint` (default: dynalite). */
export async function createHeraldTables(label: string, endpoint = dynamoEndpoint()): Promise<HeraldTables> {
  const client = dynamoClient(dynamoEndpoint());
  const unique = `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const idempotencyTable = `herald-test-idempotency-${unique}`;
  const stateTable = `herald-test-state-${unique}`;
  await client.send(new CreateTableCommand({ ...serverlessTableDefinition('IdempotencyTable'), TableName: idempotencyTable }));
  await client.send(new CreateTableCommand({ ...serverlessTableDefinition('StateTable'), TableName: stateTable }));
  const clearTable = async (table: string, key: string) => {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));
    for (const item of Items) await client.send(new DeleteItemCommand({ TableName: table, Key: { [key]: item[key] ?? { S: '' } } }));
  };
  return {
    idempotencyTable,
    stateTable,
    env: { HERALD_IDEMPOTENCY_TABLE: idempotencyTable, HERALD_STATE_TABLE: stateTable, AWS_ENDPOINT_URL_DYNAMODB: endpoint },
    async clear() {
      await clearTable(idempotencyTable, 'id');
      await clearTable(stateTable, 'subject');
    },
  };
}
