/**
 * The medium-neutral alert: what the planner decides to say. Renderers turn it into an
 * email, Slack blocks or a Chatbot custom notification. All text here is untrusted
 * (it comes from names, commit messages and error output) and is escaped by each renderer.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface AlertLink {
  readonly label: string;
  readonly url: string;
}

/** One thing that went wrong: a failed action, a failed build phase. */
export interface AlertFailure {
  /** Where it failed, e.g. `Build / CodeBuild` or phase `BUILD`. */
  readonly where: string;
  /** Why, e.g. the error summary or phase context. May be long and multi-line. */
  readonly why?: string;
  readonly code?: string;
  readonly link?: AlertLink;
}

export interface AlertCommit {
  readonly id: string;
  readonly message?: string;
  readonly author?: string;
  readonly repository?: string;
  readonly branch?: string;
  readonly link?: AlertLink;
}

/** A person the alert is for (a commit author, an approver), resolved from the config's `people`. */
export interface AlertPerson {
  /** Display name from the config (never from the event). */
  readonly name: string;
  /** Slack member id, validated by the config schema: the only mention Slack renderings make. */
  readonly slackId?: string;
  readonly email?: string;
}

/** Something the reader should do next, e.g. review a waiting approval. */
export interface AlertNextStep {
  readonly text: string;
  readonly link?: AlertLink;
}

export interface Alert {
  /** Dotted event type, also the `eventType` message attribute, e.g. `pipeline.failed`. */
  readonly eventType: string;
  readonly severity: Severity;
  /** Short headline, e.g. `Pipeline release-prod FAILED`. */
  readonly title: string;
  /** One sentence saying what happened. */
  readonly summary: string;
  readonly account: string;
  readonly region: string;
  readonly time: string;
  /** Groups every alert of one execution or build into one chat thread. */
  readonly threadId: string;
  /** Labelled facts shown as a table: pipeline, execution, stage, project, … */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly failures: readonly AlertFailure[];
  /** What the failures list is called, e.g. `Findings`; `What failed` when absent. */
  readonly failuresTitle?: string;
  readonly commit?: AlertCommit;
  readonly links: readonly AlertLink[];
  /** Caveats such as "enrichment failed: AccessDenied"; shown, never hidden. */
  readonly notes: readonly string[];
  /** The account's alias from the config, shown with the account id. */
  readonly accountLabel?: string;
  /** Who this alert is for: Slack mentions exactly these (by member id), Chatbot and email name them. */
  readonly mentions?: readonly AlertPerson[];
  /** Actions for the reader; Chatbot shows them as next steps. */
  readonly nextSteps?: readonly AlertNextStep[];
}
