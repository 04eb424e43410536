// Preset environment for every test: fake credentials and region (nothing here reaches AWS),
// quiet logs, and no SDK notice about this machine's Node 20 (Lambda runs Node 22).
Object.assign(process.env, {
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_EC2_METADATA_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  // EMF documents go to stdout; the test that checks them turns them back on.
  HERALD_METRICS: 'off',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
