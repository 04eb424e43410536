/**
 * The state store on DynamoDB: one item per subject (pipeline, build project, branch). Writes
 * are conditional on event time (`eventTimeMs` strictly older, or no item), so concurrent and
 * late events settle on the newest one whatever order they arrive in. The DynamoDB client is
 * imported on first use.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StateStore } from '../../app/ports';
import type { StateRecord } from '../../plan/actions';
import { lazyValue } from '../../runtime/lazy';
import { compact } from '../../util/compact';
import { awsClientConfig } from './clientConfig';

const STRING_FIELDS = ['status', 'executionId', 'failedState', 'failingSince', 'commitId'] as const;

function stringOf(item: Record<string, AttributeValue>, name: string): string | undefined {
  const value = item[name];
  return value !== undefined && 'S' in value ? value.S : undefined;
}

function recordOf(item: Record<string, AttributeValue>): StateRecord | undefined {
  const subject = stringOf(item, 'subject');
  const eventTime = stringOf(item, 'eventTime');
  if (subject === undefined || eventTime === undefined) return undefined;
  const stored = stringOf(item, 'status');
  const status: StateRecord['status'] = stored === 'failing' || stored === 'passing' ? stored : undefined;
  return compact({
    subject,
    eventTime,
    status,
    executionId: stringOf(item, 'executionId'),
    failedState: stringOf(item, 'failedState'),
    failingSince: stringOf(item, 'failingSince'),
    commitId: stringOf(item, 'commitId'),
  });
}

export function buildDynamoStateStore(tableName: string): StateStore {
  const dynamo = lazyValue(async () => {
    const sdk = await import('@aws-sdk/client-dynamodb');
    return { sdk, client: new sdk.DynamoDBClient(awsClientConfig()) };
  });
  return {
    async read(subject) {
      const { sdk, client } = await dynamo();
      const { Item } = await client.send(new sdk.GetItemCommand({ TableName: tableName, Key: { subject: { S: subject } }, ConsistentRead: true }));
      return Item === undefined ? undefined : recordOf(Item);
    },
    async write({ record }) {
      const { sdk, client } = await dynamo();
      const eventTimeMs = Date.parse(record.eventTime);
      const item: Record<string, AttributeValue> = { subject: { S: record.subject }, eventTime: { S: record.eventTime }, eventTimeMs: { N: String(eventTimeMs) } };
      for (const field of STRING_FIELDS) {
        const value = record[field];
        if (value !== undefined) item[field] = { S: value };
      }
      try {
        await client.send(
          new sdk.PutItemCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(subject) OR eventTimeMs < :eventTimeMs',
            ExpressionAttributeValues: { ':eventTimeMs': { N: String(eventTimeMs) } },
          }),
        );
        return 'written';
      } catch (error: unknown) {
        if (error instanceof sdk.ConditionalCheckFailedException) return 'stale';
        throw error;
      }
    },
  };
}
