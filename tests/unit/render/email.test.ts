import type { Alert } from '../../../shared/alerts/alert';
import { renderEmail } from '../../../shared/render/email';
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
import { VALID_SNS_SUBJECT } from './assertions';

describe('renderEmail', () => {
  it('builds the subject from severity, title and region', () => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const { subject } = renderEmail(alert);

    // Assess
    expect(subject).toBe('[HIGH] Pipeline release-prod FAILED in us-east-1');
  });

  it('shows pipeline, stage, action, error summary and commit', () => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const { body } = renderEmail(alert);

    // Assess
    expect(body.startsWith('Pipeline release-prod FAILED\n====')).toBe(true);
    expect(body).toContain('Pipeline:  release-prod');
    expect(body).toContain('Stage:     Build');
    expect(body).toContain('Action:    CodeBuild');
    expect(body).toContain('1. Build / CodeBuild\n    Code: JobFailed\n    Why:\n');
    expect(body).toContain(`        ${ERROR_SUMMARY}\n\n        Phase BUILD failed after 42 s\n`);
    expect(body).toContain('Commit:      9f8e7d6 (9f8e7d6c5b4a39281706f5e4d3c2b1a098765432)');
    expect(body).toContain('Author:      Jane Doe');
    expect(body).toContain('Repository:  herald-app');
    expect(body).toContain('Branch:      main');
    expect(body).toContain('Message:\n    Fix flaky retry test\n\n    The retry loop now waits for the mock clock.');
    expect(body).toContain('- enrichment partial: codebuild:BatchGetBuilds AccessDenied');
    expect(body).toContain('Account 123456789012 · Region us-east-1 · Time 2024-05-01T12:34:56Z');
    expect(body.endsWith('Sent by Herald\n')).toBe(true);
  });

  it('lists the links given in the alert, and only those', () => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const { body } = renderEmail(alert);

    // Assess
    expect(body).toContain(`    Build logs: ${BUILD_LOGS_URL}`);
    expect(body).toContain(`View commit: ${COMMIT_URL}`);
    expect(body).toContain(`Pipeline execution: ${EXECUTION_URL}`);
    const urls = body.match(/https?:\/\/\S+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set([BUILD_LOGS_URL, COMMIT_URL, EXECUTION_URL]));
  });

  it('leaves out sections the alert has nothing for', () => {
    // Prepare
    const alert: Alert = { ...alertWithoutCommit(), failures: [], notes: [], links: [] };

    // Act
    const { body } = renderEmail(alert);

    // Assess
    expect(body).not.toContain('WHAT FAILED');
    expect(body).not.toContain('COMMIT');
    expect(body).not.toContain('NOTES');
    expect(body).not.toContain('LINKS');
    expect(body).toContain('FACTS');
  });

  it('keeps forged lines inside single-line fields and strips spoofing characters', () => {
    // Prepare
    const alert: Alert = {
      ...realisticAlert(),
      title: 'Pipeline x FAILED\r\nSeverity: LOW',
      failures: [{ where: 'Build\n\nCOMMIT\n------', why: 'line 1\r\n\u0000\u001b[31mline 2\u202egnp.exe', link: { label: 'x', url: 'javascript:alert(1)' } }],
    };

    // Act
    const { body } = renderEmail(alert);

    // Assess
    expect(body.startsWith('Pipeline x FAILED Severity: LOW\n')).toBe(true);
    expect(body).toContain('1. Build COMMIT ------\n');
    expect(body).toContain('        line 1\n        [31mline 2gnp.exe\n');
    expect(body).not.toContain('javascript:');
  });

  it('stays clean for random hostile alerts', () => {
    // Prepare
    const random = seededRandom(21);

    for (let run = 0; run < 300; run += 1) {
      const alert = hostileAlert(() => hostileText(random));

      // Act
      const { subject, body } = renderEmail(alert);

      // Assess
      expect(subject).toMatch(VALID_SNS_SUBJECT);
      expect(body).not.toMatch(/[^\P{Cc}\n\t]/u);
      expect(body).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      expect(body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(body).toContain(`: ${BUILD_LOGS_URL}\n`);
      expect(body).toContain(`: ${EXECUTION_URL}\n`);
    }
  });
});
