// The one reader of herald.config.yml at package time: esbuild/plugins.js validates it with the
// config schema and embeds the result in the Lambda bundles, and serverless.yml takes the stack's
// cross-account settings from it (`${file(./esbuild/heraldConfig.js):fanInStatement}` …), so
// bundle and template cannot drift. The checks here cover only what reaches the template (the
// template is resolved before anything is bundled), and fail the package rather than deploy a
// malformed policy.
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { parse } = require('yaml');

function heraldConfigPath() {
  return resolve(process.env.HERALD_CONFIG_PATH ?? 'herald.config.yml');
}

function readHeraldConfig(path = heraldConfigPath()) {
  return parse(readFileSync(path, 'utf8'));
}

/**
 * herald.config.yml validated by shared/config/load.ts, the CLI's own loader (the same schema,
 * defaults filled in); rejects with its ConfigError, naming every problem, when the file is
 * invalid. `esbuild` (the bundler's API) compiles the loader to CommonJS in memory; its packages
 * (valibot, yaml) are required from node_modules.
 */
async function validatedHeraldConfig(esbuild, path = heraldConfigPath()) {
  const { outputFiles } = await esbuild.build({
    entryPoints: [join(__dirname, '..', 'shared', 'config', 'load.ts')],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const loader = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(loader, loader.exports, require);
  return loader.exports.loadConfigFile(path);
}

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function fail(message) {
  throw new Error(`herald.config.yml (${heraldConfigPath()}): ${message}`);
}

/** `fanIn` as the template needs it: { accounts } or { organization }, checked; undefined when absent. */
function fanIn(config = readHeraldConfig()) {
  const section = config?.fanIn;
  if (section === undefined || section === null) return undefined;
  const { accounts, organization } = section;
  if ((accounts === undefined) === (organization === undefined)) fail('fanIn names either accounts or an organization');
  if (accounts !== undefined) {
    if (!Array.isArray(accounts) || accounts.length === 0 || !accounts.every((id) => typeof id === 'string' && ACCOUNT_ID.test(id))) {
      fail('fanIn.accounts must list 12-digit account ids (quoted)');
    }
    return { accounts: [...new Set(accounts)] };
  }
  if (typeof organization !== 'string' || !ORGANIZATION_ID.test(organization)) fail('fanIn.organization must be an organization id such as o-a1b2c3d4e5');
  return { organization };
}

/** Every `accounts.<id>.enrichmentRoleArn`, checked, in config order. */
function enrichmentRoleArns(config = readHeraldConfig()) {
  const accounts = config?.accounts ?? {};
  const arns = Object.entries(accounts).flatMap(([id, settings]) => {
    const arn = settings?.enrichmentRoleArn;
    if (arn === undefined) return [];
    if (typeof arn !== 'string' || !ROLE_ARN.test(arn)) fail(`accounts.${id}.enrichmentRoleArn must be an IAM role ARN`);
    return [arn];
  });
  return [...new Set(arns)];
}

const DEFAULT_BUS_ARN = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default' };

/** The default event bus policy statement admitting exactly the configured accounts or organization. */
function fanInStatement(config = readHeraldConfig()) {
  const settings = fanIn(config);
  const base = { Effect: 'Allow', Action: 'events:PutEvents', Resource: DEFAULT_BUS_ARN };
  if (settings === undefined) {
    // Unused: the policy's condition (HasFanIn) leaves it out of the stack.
    return { ...base, Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } } };
  }
  if (settings.accounts !== undefined) {
    return { ...base, Principal: { AWS: settings.accounts.map((id) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::${id}:root` })) } };
  }
  return { ...base, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': settings.organization } } };
}

module.exports = {
  heraldConfigPath,
  readHeraldConfig,
  validatedHeraldConfig,
  fanIn,
  enrichmentRoleArns,
  fanInStatement,
  // serverless.yml reads these (a ${file(...)} of a JS file calls exported functions).
  hasFanIn: () => String(fanIn() !== undefined),
  hasEnrichmentRoles: () => String(enrichmentRoleArns().length > 0),
  enrichmentRoleResources: () => {
    const arns = enrichmentRoleArns();
    // Unused when empty: the policy's condition (HasEnrichmentRoles) leaves it out of the stack.
    return arns.length > 0 ? arns : [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/herald-no-enrichment-role' }];
  },
  fanInPolicyStatement: () => fanInStatement(),
  // `reconcile:` (the bundle build validates the rest; defaults as in the config schema).
  reconcileEvery: () => readHeraldConfig()?.reconcile?.every ?? '15 minutes',
  reconcileEnabled: () => readHeraldConfig()?.reconcile?.enabled === true,
};
