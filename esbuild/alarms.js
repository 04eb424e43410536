// CloudWatch alarms for every function in serverless.yml: Errors (an invocation failed; it is
// retried), AsyncEventsDropped (an event was dropped before reaching the on-failure destination)
// and DestinationDeliveryFailures (a failed event could not be put on the failure queue), each
// to OpsTopic. Generated so that a new function cannot ship without them.
// Referenced as ${file(./esbuild/alarms.js):functionAlarms} in serverless.yml `resources`.

const METRICS = {
  Errors: 'an invocation failed (it is retried, then sent to FailureQueue)',
  AsyncEventsDropped: 'an event was dropped without reaching the on-failure destination',
  DestinationDeliveryFailures: 'a failed event could not be sent to FailureQueue',
};

/** The logical id the framework gives a function: `pushEvents` → `PushEventsLambdaFunction`. */
function functionLogicalId(name) {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}LambdaFunction`;
}

function alarm(stage, functionName, metric, description) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `herald-${stage}-${functionName}-${metric}`,
      AlarmDescription: `Herald ${functionName}, ${description}`,
      Namespace: 'AWS/Lambda',
      MetricName: metric,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(functionName) } }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'OpsTopic' }],
    },
  };
}

module.exports = {
  functionAlarms: async ({ resolveVariable }) => {
    const functions = await resolveVariable('self:functions');
    const stage = await resolveVariable('sls:stage');
    const resources = {};
    for (const name of Object.keys(functions)) {
      for (const [metric, description] of Object.entries(METRICS)) {
        resources[`${name.charAt(0).toUpperCase()}${name.slice(1)}${metric}Alarm`] = alarm(stage, name, metric, description);
      }
    }
    return { Resources: resources };
  },
};
