import type { Alert } from '../../../shared/alerts/alert';
import { renderChatbot } from '../../../shared/render/chatbot';
import {
  alertWithoutCommit,
  BUILD_LOGS_URL,
  COMMIT_URL,
  ERROR_SUMMARY,
  EXECUTION_URL,
  hostileAlert,
  hostileText,
  realisticAlert,
  seededRandom,
} from './alerts';
import { expectSafeChatText } from './assertions';

const ALERT_URLS = [BUILD_LOGS_URL, COMMIT_URL, EXECUTION_URL];

describe('renderChatbot', () => {
  it('follows the custom notification schema and threads by execution', () => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const notification = renderChatbot(alert);

    // Assess
    expect(notification.version).toBe('1.0');
    expect(notification.source).toBe('custom');
    expect(notification.content.textType).toBe('client-markdown');
    expect(notification.content.title).toBe(':red_circle: Pipeline release-prod FAILED');
    expect(notification.content.nextSteps).toEqual([`<${EXECUTION_URL}|Pipeline execution>`]);
    expect(notification.content.keywords).toEqual(['HIGH', 'pipeline.failed']);
    expect(notification.metadata).toEqual({
      threadId: alert.threadId,
      summary: 'Pipeline release-prod FAILED',
      eventType: 'pipeline.failed',
      additionalContext: { severity: 'high', account: '123456789012', region: 'us-east-1', time: '2024-05-01T12:34:56Z' },
    });
  });

  it('describes summary, failure, notes, commit and facts', () => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const { description } = renderChatbot(alert).content;

    // Assess
    expect(description.startsWith('Execution 3f2a9c1e of release-prod failed in stage Build, action CodeBuild.\n\n')).toBe(true);
    expect(description).toContain(`*:x: Build / CodeBuild* \`JobFailed\`\n\`\`\`${ERROR_SUMMARY}`);
    expect(description).toContain(`<${BUILD_LOGS_URL}|Build logs>`);
    expect(description).toContain('• enrichment partial: codebuild:BatchGetBuilds AccessDenied');
    expect(description).toContain(`*Commit* <${COMMIT_URL}|9f8e7d6> by Jane Doe`);
    expect(description).toContain('*Stage:* Build\n*Action:* CodeBuild');
  });

  it('leaves out next steps when no link is safe, and still has a description (the account and region every alert shows)', () => {
    // Prepare
    const alert: Alert = { ...alertWithoutCommit(), summary: '', failures: [], facts: [], notes: [], links: [{ label: 'x', url: 'javascript:alert(1)' }] };

    // Act
    const notification = renderChatbot(alert);

    // Assess
    expect(notification.content).not.toHaveProperty('nextSteps');
    expect(notification.content.description).toMatch(/^\*Account:\* \d{12} · \*Region:\* [a-z0-9-]+$/);
  });

  it('escapes mentions and links in every shown text', () => {
    // Prepare
    const alert: Alert = { ...realisticAlert(), title: '<!channel> deploy', summary: '@here <@U123> <https://evil|click> &amp;' };

    // Act
    const { content, metadata } = renderChatbot(alert);

    // Assess
    expect(content.title).toBe(':red_circle: &lt;!channel&gt; deploy');
    expect(content.description).toContain('@\u200dhere &lt;@\u200dU123&gt; &lt;https://evil|click&gt; &amp;amp;');
    expect(metadata.summary).toBe('&lt;!channel&gt; deploy');
  });

  it('stays valid, short and mention-free for random hostile alerts', () => {
    // Prepare
    const random = seededRandom(99);

    for (let run = 0; run < 300; run += 1) {
      const alert = hostileAlert(() => hostileText(random, 30));

      // Act
      const notification = renderChatbot(alert);

      // Assess
      const parsed: unknown = JSON.parse(JSON.stringify(notification));
      expect(parsed).toEqual(notification);
      expect(notification.metadata.threadId).toBe(alert.threadId);
      expect(notification.content.description.length).toBeGreaterThan(0);
      expect(notification.content.description.length).toBeLessThanOrEqual(3000);
      const shown = [
        notification.content.title,
        notification.content.description,
        notification.metadata.summary,
        ...(notification.content.nextSteps ?? []),
        ...(notification.content.keywords ?? []),
      ];
      for (const text of shown) expectSafeChatText(text, ALERT_URLS);
    }
  });

  it('renders the fixed hostile alert without mentions', () => {
    // Prepare
    const alert = hostileAlert();

    // Act
    const { content } = renderChatbot(alert);

    // Assess
    expectSafeChatText(content.title, ALERT_URLS);
    expectSafeChatText(content.description, ALERT_URLS);
    expect(content.nextSteps).toEqual([expect.stringMatching(new RegExp(`^<${EXECUTION_URL.replace(/[?.]/g, '\\$&')}\\|`))]);
  });
});
