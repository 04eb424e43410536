/**
 * Reaching the right people: manual approvals, success notices, mentions of a commit's author
 * (and nobody else), direct emails to them, and alerts from two accounts in two regions, through
 * the whole plan (decide → facts → alert → routed, rendered publishes) in every medium.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import type { AnalysisReport } from '../../../shared/analysis/types';
import type { Enrich } from '../../../shared/app/ports';
import { reactToEvent } from '../../../shared/app/react';
import { loadConfigFile } from '../../../shared/config/load';
import type { HeraldConfig } from '../../../shared/config/schema';
import type { AlertEvent } from '../../../shared/events/domain';
import { parseEvent } from '../../../shared/events/parse';
import type { Action, EnrichmentAction, SnsPublishAction } from '../../../shared/plan/actions';
import { decide } from '../../../shared/plan/decide';
import type { Facts } from '../../../shared/plan/facts';
import { planFindings } from '../../../shared/plan/pushFindings';
import type { ChatbotNotification } from '../../../shared/render/chatbot';
import type { SlackMessage } from '../../../shared/render/slack';
import { buildEvent, pushEvent } from '../../support/domain';
import { FIXTURES_DIR, fixture } from '../../support/fixtures';

const config: HeraldConfig = loadConfigFile(join(FIXTURES_DIR, 'config', 'people.yml'));
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function alertEventOf(raw: unknown): AlertEvent {
  const [event] = parseEvent(raw);
  if (event === undefined || (event.kind !== 'pipeline' && event.kind !== 'build')) throw new Error('expected one alert event');
  return event;
}

/** Runs the whole reaction offline: `facts` stands in for enrichment, publishes are collected. */
async function react(raw: unknown, facts: Facts = { notes: [] }, withConfig: HeraldConfig = config) {
  const enrichments: EnrichmentAction[] = [];
  const enrich: Enrich = (action) => {
    enrichments.push(action);
    return Promise.resolve(facts);
  };
  const reaction = await reactToEvent(alertEventOf(raw), { config: withConfig, enrich, deliver: () => Promise.resolve(), log: quiet });
  const publishes = reaction.actions.filter((action: Action): action is SnsPublishAction => action.type === 'sns.publish');
  return { reaction, enrichments, publishes };
}

function publishTo(publishes: readonly SnsPublishAction[], target: string): SnsPublishAction {
  const found = publishes.find((publish) => publish.target === target);
  if (found === undefined) throw new Error(`no publish to ${target}: ${publishes.map((p) => p.target).join(', ')}`);
  return found;
}

const slackOf = (publishes: readonly SnsPublishAction[]): SlackMessage => JSON.parse(publishTo(publishes, 'slack').message);
const chatbotOf = (publishes: readonly SnsPublishAction[]): ChatbotNotification => JSON.parse(publishTo(publishes, 'chat').message);
const emailOf = (publishes: readonly SnsPublishAction[]): string => publishTo(publishes, 'email').message;

/** An approval fixture moved to one of the configured accounts (its real account is not one). */
function approvalEvent(state: 'started' | 'succeeded' | 'failed', account = '333333333333') {
  const raw = fixture(`codepipeline-action-execution-approval-${state}.derived.json`);
  raw.account = account;
  return raw;
}

describe('manual approvals', () => {
  it.each([
    ['started', 'approval.waiting', 'waiting'],
    ['succeeded', 'approval.approved', 'approved'],
    ['failed', 'approval.rejected', 'rejected'],
  ] as const)('an approval action %s is an %s alert naming pipeline, stage and action, with a console link to it', async (state, eventType, word) => {
    const raw = approvalEvent(state);
    const { publishes } = await react(raw);
    const region: string = raw.region;
    const reviewLink = `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/myPipeline/view?region=${region}`;

    expect(publishes.map((publish) => publish.target).sort()).toEqual(['chat', 'email', 'slack']);
    for (const publish of publishes) {
      expect(publish.attributes.eventType).toBe(eventType);
      expect(publish.message).toContain('myPipeline');
      expect(publish.message).toContain('Approve');
      expect(publish.message).toContain('ManualApproval');
      expect(publish.message).toContain(reviewLink);
      expect(publish.message).toContain(word);
    }
    expect(publishTo(publishes, 'email').subject).toContain(`Approval ${word}: myPipeline / Approve / ManualApproval`);
  });

  it('carries the approval as a Chatbot next step (and in Slack and email) while it waits', async () => {
    const { publishes } = await react(approvalEvent('started'));
    const chatbot = chatbotOf(publishes);

    expect(chatbot.content.nextSteps?.[0]).toMatch(/^Review the approval ManualApproval of myPipeline \(stage Approve\): <https:\/\/us-east-1\.console\.aws\.amazon\.com\/codesuite\/codepipeline\/pipelines\/myPipeline\/view\?region=us-east-1\|Review approval>$/);
    expect(JSON.stringify(slackOf(publishes).blocks)).toContain('*Next steps*');
    expect(emailOf(publishes)).toContain('NEXT STEPS');
  });

  it("shows the reviewer's comment from the event, and the reviewer and comment ListActionExecutions reports", async () => {
    const fromEvent = await react(approvalEvent('succeeded'));
    expect(emailOf(fromEvent.publishes)).toMatch(/Comment: +Looks good, ship it/);
    expect(fromEvent.enrichments).toEqual([expect.objectContaining({ type: 'codepipeline.enrich', approval: { stage: 'Approve', action: 'ManualApproval' } })]);

    const reviewed = await react(approvalEvent('failed'), { approval: { comment: 'No: <!channel> the migration is missing', reviewer: 'arn:aws:sts::333333333333:assumed-role/Releaser/jane' }, notes: [] });
    const email = emailOf(reviewed.publishes);
    expect(email).toMatch(/Rejected by: +Jane Doe/);
    expect(email).toContain('No: <!channel> the migration is missing');
    const slack = JSON.stringify(slackOf(reviewed.publishes));
    expect(slack).toContain('No: &lt;!channel&gt; the migration is missing');
    expect(slack).not.toContain('<!channel>');
  });

  it('reports approvals only of the configured pipelines', () => {
    const other = alertEventOf(approvalEvent('started'));
    const off = { ...config, approvals: { ...config.approvals, pipelines: ['release-*'] } };
    expect(decide(other, off)).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('approvals.pipelines') });
    expect(decide(other, { ...config, approvals: { ...config.approvals, pipelines: [] } }).kind).toBe('ignore');
  });
});

describe('success notices', () => {
  it('go to a route that opts in, and to no other', async () => {
    const release = fixture('codepipeline-pipeline-execution-succeeded.json');
    release.account = '333333333333';
    release.detail.pipeline = 'release-web';
    const { publishes } = await react(release);
    expect(publishes.map((publish) => [publish.target, publish.attributes.eventType])).toEqual([
      ['email', 'pipeline.succeeded'],
      ['chat', 'pipeline.succeeded'],
      ['slack', 'pipeline.succeeded'],
    ]);

    // The catch-all route "everything" does not ask for successes.
    const other = fixture('codepipeline-pipeline-execution-succeeded.json');
    other.account = '333333333333';
    expect((await react(other)).publishes).toEqual([]);
  });

  it('are not even decided on when no route asks for them', () => {
    const noSuccesses = { ...config, routes: config.routes.map((route) => ({ ...route, successes: false })) };
    const succeeded = alertEventOf(fixture('codepipeline-pipeline-execution-succeeded.json'));
    expect(decide(succeeded, noSuccesses)).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('success') });
    expect(decide(buildEvent({ state: 'SUCCEEDED', phases: [] }), noSuccesses).kind).toBe('ignore');
    const namedInMatch = { ...noSuccesses, routes: [{ name: 'builds', match: { eventType: ['build.succeeded'] }, targets: ['chat'], final: false, successes: false }] };
    expect(decide(buildEvent({ state: 'SUCCEEDED', phases: [] }), namedInMatch)).toMatchObject({ kind: 'alert', eventType: 'build.succeeded', severity: 'info' });
  });
});

describe('build phase failures', () => {
  const failedPhase = () => buildEvent({ level: 'phase', state: 'FAILED', completedPhase: 'BUILD' });

  it('are their own alert when no route takes the build-level failure', () => {
    const phasesOnly = { ...config, routes: [{ name: 'phases', match: { eventType: ['build-phase.*'] }, targets: ['chat'], final: false, successes: false }] };
    expect(decide(failedPhase(), phasesOnly)).toMatchObject({ kind: 'alert', eventType: 'build-phase.failed' });
  });

  it('stay folded into the build-level alert when a route takes it', () => {
    expect(decide(failedPhase(), config)).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('phase') });
  });
});

describe('who broke it', () => {
  const hostile = '<!channel> @here <@U0BOB00002> <https://evil.example|click> Jane';

  function failedRelease() {
    const raw = fixture('codepipeline-pipeline-execution-failed.json');
    raw.account = '333333333333';
    raw.detail.pipeline = 'release-api';
    return raw;
  }

  const byJane: Facts = {
    revision: { commitId: 'c'.repeat(40), author: hostile, authorEmail: 'Jane.Doe@users.example.com', repository: 'api', message: '@channel fix <!everyone>' },
    notes: [],
  };

  it('mentions exactly the mapped author in Slack, and no one else, whatever the display name says', async () => {
    const { publishes, enrichments } = await react(failedRelease(), byJane);
    const slack = JSON.stringify(slackOf(publishes));

    expect(enrichments).toEqual([expect.objectContaining({ commitAuthor: true })]);
    expect(slack.match(/<[@!#][^>]*>/g)).toEqual(['<@U0JANE0001>']);
    expect(slack).not.toMatch(/(?<!\u200D)@(here|channel|everyone)/u);
    expect(slack).toContain('&lt;!channel&gt;');
  });

  it('mentions no one but the mapped author, whatever text the commit and the error carry (property)', async () => {
    const pieces = fc.constantFrom('<!channel>', '<!here|here>', '@here', '@channel', '@everyone', '<@U0BOB00002>', '<#C123>', '<!subteam^S1>', '&lt;@U1&gt;', '<', '>', '@', '&', '\u200D', '\n', 'Jane', ' ');
    const hostileText = fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 12 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (author, message) => {
        const facts: Facts = { revision: { commitId: 'c'.repeat(40), author, authorEmail: 'jane@example.com', message }, notes: [message] };
        const { publishes } = await react(failedRelease(), facts);
        const slack = JSON.stringify(slackOf(publishes));
        expect(slack.match(/<[@!#][^>]*>/g)).toEqual(['<@U0JANE0001>']);
        expect(JSON.stringify(chatbotOf(publishes))).not.toMatch(/<[@!#]/);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('names the author in Chatbot and email without any mention syntax', async () => {
    const { publishes } = await react(failedRelease(), byJane);
    const chatbot = chatbotOf(publishes);

    expect(chatbot.content.description).toContain('*For:* Jane Doe');
    expect(JSON.stringify(chatbot)).not.toMatch(/<[@!#]/);
    expect(emailOf(publishes)).toContain('For: Jane Doe <jane@example.com>');
  });

  it("emails the author directly through the route's notifyAuthor target, filtered on the author attribute within five attributes", async () => {
    const { publishes } = await react(failedRelease(), byJane);
    const direct = publishTo(publishes, 'author-email');

    expect(direct.topic).toBe('authors');
    expect(direct.attributes).toEqual({ eventType: 'pipeline.failed', severity: 'high', pipeline: 'release-api', account: '333333333333', author: 'jane@example.com' });
    expect(Object.keys(direct.attributes).length).toBeLessThanOrEqual(5);
    expect(direct.dedupeKey).not.toBe(publishTo(publishes, 'email').dedupeKey);
    // The other publishes carry no author attribute.
    expect(publishes.filter((publish) => publish.target !== 'author-email').every((publish) => !('author' in publish.attributes))).toBe(true);
  });

  it('falls back to the default audience for an unknown author: no mention, no direct email', async () => {
    const stranger: Facts = { revision: { commitId: 'c'.repeat(40), author: 'Mallory', authorEmail: 'mallory@elsewhere.example' }, notes: [] };
    const { publishes } = await react(failedRelease(), stranger);

    expect(publishes.map((publish) => publish.target)).toEqual(['email', 'chat', 'slack']);
    expect(JSON.stringify(slackOf(publishes))).not.toMatch(/<@/);
    expect(emailOf(publishes)).not.toContain('For:');
  });

  it('does not mention anyone on a success notice', async () => {
    const release = fixture('codepipeline-pipeline-execution-succeeded.json');
    release.account = '333333333333';
    release.detail.pipeline = 'release-web';
    const { publishes } = await react(release, byJane);
    expect(JSON.stringify(slackOf(publishes))).not.toMatch(/<@/);
    expect(publishes.map((publish) => publish.target)).not.toContain('author-email');
  });

  it('mentions the person who pushed findings, by their IAM session name', () => {
    const push = pushEvent({ account: '333333333333', pusher: 'arn:aws:sts::333333333333:assumed-role/Developer/jane' });
    const report: AnalysisReport = {
      findings: [{ file: 'a.env', line: 1, column: 1, rule: 'aws-access-key-id', kind: 'AWS access key id', category: 'secret', severity: 'critical', blocking: true, preview: 'AKI***XYZ', fingerprint: 'f', message: 'rotate' }],
      skipped: [],
      scannedFiles: 1,
      scannedBytes: 10,
      suppressed: 0,
    };
    const plan = planFindings(push, report, config, { before: 'a'.repeat(40), after: 'b'.repeat(40), basis: 'previous tip', notes: [] });
    const slack = plan.deliveries.find((delivery) => delivery.target === 'slack');
    expect(slack?.message.match(/<@[^>]*>/g)).toEqual(['<@U0JANE0001>']);
  });
});

describe('two accounts, two regions', () => {
  function failedIn(account: string, region: string) {
    const raw = fixture('codepipeline-pipeline-execution-failed.json');
    raw.account = account;
    raw.region = region;
    raw.resources = [`arn:aws:codepipeline:${region}:${account}:myPipeline`];
    return raw;
  }

  it.each([
    ['111111111111', 'payments-prod', 'eu-west-1', 'us-east-2'],
    ['222222222222', 'web-staging', 'us-east-2', 'eu-west-1'],
  ])('an alert from %s (%s) in %s links to its own region and names its account in every medium', async (account, alias, region, otherRegion) => {
    const { publishes } = await react(failedIn(account, region));
    const label = `${alias} (${account})`;
    const executionLink = `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/myPipeline/executions/`;

    expect(publishes).toHaveLength(3);
    for (const publish of publishes) {
      expect(publish.attributes.account).toBe(account);
      expect(publish.message).toContain(executionLink);
      expect(publish.message).not.toContain(otherRegion);
    }
    expect(emailOf(publishes)).toContain(`Account ${label} · Region ${region}`);
    const slackFooter = slackOf(publishes).blocks.at(-1);
    expect(JSON.stringify(slackFooter)).toContain(`Account ${label} · Region ${region}`);
    expect(chatbotOf(publishes).content.description).toContain(`*Account:* ${label} · *Region:* ${region}`);
    expect(publishTo(publishes, 'email').subject).toContain(`in ${region}`);
  });

  it("enriches another account through its role, and without one sends the alert with a note", async () => {
    const withRole = await react(failedIn('111111111111', 'eu-west-1'));
    expect(withRole.enrichments).toEqual([
      expect.objectContaining({ type: 'codepipeline.enrich', account: '111111111111', region: 'eu-west-1', roleArn: 'arn:aws:iam::111111111111:role/HeraldRead' }),
    ]);

    const withoutRole = await react(failedIn('222222222222', 'us-east-2'));
    expect(withoutRole.enrichments).toEqual([]);
    expect(emailOf(withoutRole.publishes)).toContain('Not enriched: account 222222222222 is another account');

    const home = await react(failedIn('333333333333', 'us-east-1'));
    expect(home.enrichments).toEqual([expect.not.objectContaining({ roleArn: expect.anything() })]);
  });
});
