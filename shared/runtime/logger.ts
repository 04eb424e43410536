import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; one logger per function, created at module load. */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: `herald-${serviceName}` });
}
