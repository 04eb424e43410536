import type { Alert } from '../../../shared/alerts/alert';
import { renderSlack, SLACK_LIMITS, type SlackBlock, type SlackMessage } from '../../../shared/render/slack';
import { TRUNCATION_MARKER } from '../../../shared/render/text';
import {
  BUILD_LOGS_URL,
  COMMIT_URL,
  ERROR_SUMMARY,
  EXECUTION_URL,
  hostileAlert,
  hostileText,
  realisticAlert,
  seededRandom,
} from './alerts';
import { expectSafeChatText, slackTexts } from './assertions';

const ALERT_URLS = [BUILD_LOGS_URL, COMMIT_URL, EXECUTION_URL];

function expectWithinBlockKitLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  for (const block of message.blocks) expectBlockWithinLimits(block);
}

function expectBlockWithinLimits(block: SlackBlock): void {
  switch (block.type) {
    case 'header':
      expect(block.text.text.length).toBeGreaterThan(0);
      expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      return;
    case 'section': {
      expect(block.text !== undefined || block.fields !== undefined).toBe(true);
      if (block.text !== undefined) {
        expect(block.text.text.length).toBeGreaterThan(0);
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      }
      const fields = block.fields ?? [];
      expect(fields.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const field of fields) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      return;
    }
    case 'context':
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      return;
    case 'actions':
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.actionsElements);
      for (const button of block.elements) {
        expect(button.text.text.length).toBeGreaterThan(0);
        expect(button.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(button.url.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonUrl);
        expect(ALERT_URLS).toContain(button.url);
      }
      return;
    case 'divider':
      return;
  }
}

describe('renderSlack', () => {
  it('renders headline, failure, commit and links of a pipeline failure', () => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const message = renderSlack(alert);

    // Assess
    const texts = slackTexts(message).join('\n');
    expect(message.text).toBe('[HIGH] Pipeline release-prod FAILED: Execution 3f2a9c1e of release-prod failed in stage Build, action CodeBuild.');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':red_circle: Pipeline release-prod FAILED', emoji: true } });
    expect(texts).toContain('*Stage*\nBuild');
    expect(texts).toContain(`*:x: Build / CodeBuild* \`JobFailed\`\n\`\`\`${ERROR_SUMMARY}\n\nPhase BUILD failed after 42 s\`\`\`\n<${BUILD_LOGS_URL}|Build logs>`);
    expect(texts).toContain(`*Commit* <${COMMIT_URL}|9f8e7d6> by Jane Doe\nRepository: herald-app · Branch: main\n> Fix flaky retry test`);
    expect(message.blocks).toContainEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Pipeline execution', emoji: true }, url: EXECUTION_URL }],
    });
    expectWithinBlockKitLimits(message);
  });

  it('escapes mentions, links and entities from alert text', () => {
    // Prepare
    const alert: Alert = {
      ...realisticAlert(),
      title: 'Deploy <!channel> @here',
      summary: 'by <@U123> see <https://evil.example|click> &amp; <!subteam^S1>',
    };

    // Act
    const message = renderSlack(alert);

    // Assess
    const texts = slackTexts(message).join('\n');
    expect(texts).toContain('Deploy &lt;!channel&gt; @\u200dhere');
    expect(texts).toContain('by &lt;@\u200dU123&gt; see &lt;https://evil.example|click&gt; &amp;amp; &lt;!subteam^S1&gt;');
    expectSafeChatText(texts, ALERT_URLS);
  });

  it('omits links whose URL is not plain http(s)', () => {
    // Prepare
    const alert: Alert = {
      ...realisticAlert(),
      failures: [{ where: 'Build', link: { label: 'logs', url: 'javascript:alert(1)' } }],
      links: [
        { label: 'evil', url: 'https://evil.example/a|b' },
        { label: 'ok', url: EXECUTION_URL },
      ],
    };

    // Act
    const message = renderSlack(alert);

    // Assess
    const serialized = JSON.stringify(message);
    expect(serialized).not.toContain('javascript:');
    expect(serialized).not.toContain('evil.example');
    expect(serialized).toContain(EXECUTION_URL);
  });

  it('cuts huge error output to the section limit with a visible marker', () => {
    // Prepare
    const alert: Alert = { ...realisticAlert(), failures: [{ where: 'Build', why: '<&>'.repeat(400_000) }] };

    // Act
    const message = renderSlack(alert);

    // Assess
    const failure = message.blocks.find((block) => block.type === 'section' && block.text?.text.startsWith('*:x:') === true);
    expect(failure?.type === 'section' ? failure.text?.text : undefined).toMatch(/^\*:x: Build\*\n```(&lt;|&amp;|&gt;)+… \[truncated\]```$/);
    expectWithinBlockKitLimits(message);
  });

  it('drops a link rather than overflow a section when URLs are very long', () => {
    // Prepare
    const longUrl = `https://example.com/${'a'.repeat(2970)}`;
    const alert: Alert = {
      ...realisticAlert(),
      failures: [{ where: 'w'.repeat(500), code: 'c'.repeat(500), why: 'y'.repeat(5000), link: { label: 'logs', url: longUrl } }],
      commit: { id: 'abc', author: 'a'.repeat(500), message: 'm\n'.repeat(2000), link: { label: 'x', url: longUrl } },
    };

    // Act
    const message = renderSlack(alert);

    // Assess
    expectWithinBlockKitLimits(message);
    const texts = slackTexts(message);
    expect(texts.find((text) => text.startsWith('*:x:'))).toMatch(/^\*:x: w+… \[truncated\]\* `c+… \[truncated\]`\n```y+… \[truncated\]```$/);
    expect(texts.find((text) => text.startsWith('*Commit*'))).toMatch(/^\*Commit\* `abc` by a+… \[truncated\]\n> m\n> m\n> m\n> …$/);
  });

  it('keeps to 50 blocks and says how many failures were not shown', () => {
    // Prepare
    const failures = Array.from({ length: 200 }, (_, index) => ({ where: `Stage ${index} / Action`, why: 'exit status 1' }));
    const facts = Array.from({ length: 35 }, (_, index) => ({ label: `Fact ${index}`, value: 'v' }));
    const alert: Alert = { ...realisticAlert(), failures, facts };

    // Act
    const message = renderSlack(alert);

    // Assess
    expectWithinBlockKitLimits(message);
    expect(message.blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    const texts = slackTexts(message);
    const shownFailures = texts.filter((text) => text.startsWith('*:x:')).length;
    expect(texts).toContain(`_(${200 - shownFailures} more failures not shown)_`);
    expect(texts).toContain('_(16 more not shown)_');
  });

  it('renders a hostile alert within limits and without mentions', () => {
    // Prepare
    const alert = hostileAlert();

    // Act
    const message = renderSlack(alert);

    // Assess
    expectWithinBlockKitLimits(message);
    for (const text of slackTexts(message)) expectSafeChatText(text, ALERT_URLS);
    expect(slackTexts(message).join('\n')).toContain(TRUNCATION_MARKER);
  });

  it('stays within limits and mention-free for random hostile alerts', () => {
    // Prepare
    const random = seededRandom(42);

    for (let run = 0; run < 300; run += 1) {
      const alert = hostileAlert(() => hostileText(random, 30));

      // Act
      const message = renderSlack(alert);

      // Assess
      expect(JSON.parse(JSON.stringify(message))).toEqual(message);
      expectWithinBlockKitLimits(message);
      for (const text of slackTexts(message)) expectSafeChatText(text, ALERT_URLS);
    }
  });
});
