import type { EventSource, HeraldConfig, RouteMatch, Severity } from '../config/schema';
import { anyGlobMatcher } from '../util/glob';

/** The facts of an event that routes can match on. */
export interface RoutingKey {
  readonly source: EventSource;
  readonly eventType: string;
  readonly state: string;
  readonly severity: Severity;
  readonly account: string;
  readonly region: string;
  readonly pipeline?: string;
  readonly project?: string;
  readonly repository?: string;
  readonly branch?: string;
}

type Predicate = (key: RoutingKey) => boolean;
interface CompiledRoute {
  readonly name: string;
  readonly matches: Predicate;
  readonly targets: readonly string[];
  readonly final: boolean;
  /** Success notices reach a route only when it opts in (`successes`) or its match names their eventType. */
  readonly takesSuccesses: (eventType: string) => boolean;
  readonly notifyAuthor?: string;
}

// Compiled once per config object: routing runs for every event, glob compilation should not.
const compiledRoutes = new WeakMap<HeraldConfig, readonly CompiledRoute[]>();

function globPredicate(patterns: readonly string[] | undefined, pick: (key: RoutingKey) => string | undefined): Predicate | undefined {
  if (patterns === undefined) return undefined;
  const isMatch = anyGlobMatcher(patterns);
  return (key) => {
    const value = pick(key);
    return value !== undefined && isMatch(value);
  };
}

function listPredicate(values: readonly string[] | undefined, pick: (key: RoutingKey) => string): Predicate | undefined {
  if (values === undefined) return undefined;
  const allowed = new Set(values);
  return (key) => allowed.has(pick(key));
}

function compileMatch(match: RouteMatch): Predicate {
  const predicates = [
    listPredicate(match.source, (k) => k.source),
    globPredicate(match.eventType, (k) => k.eventType),
    listPredicate(match.state?.map((s) => s.toUpperCase()), (k) => k.state),
    globPredicate(match.pipeline, (k) => k.pipeline),
    globPredicate(match.project, (k) => k.project),
    globPredicate(match.repository, (k) => k.repository),
    globPredicate(match.branch, (k) => k.branch),
    listPredicate(match.severity, (k) => k.severity),
    listPredicate(match.account, (k) => k.account),
    globPredicate(match.region, (k) => k.region),
  ].filter((predicate): predicate is Predicate => predicate !== undefined);
  return (key) => predicates.every((predicate) => predicate(key));
}

function compile(config: HeraldConfig): readonly CompiledRoute[] {
  let routes = compiledRoutes.get(config);
  if (routes === undefined) {
    routes = config.routes.map((route) => ({
      name: route.name,
      matches: compileMatch(route.match),
      targets: route.targets,
      final: route.final,
      takesSuccesses: successFilter(route),
      ...(route.notifyAuthor === undefined ? {} : { notifyAuthor: route.notifyAuthor }),
    }));
    compiledRoutes.set(config, routes);
  }
  return routes;
}

/** The route names and the distinct target names an event goes to, in config order. */
export function routeEvent(config: HeraldConfig, key: RoutingKey): { routes: string[]; targets: string[] } {
  const routes: string[] = [];
  const targets = new Set<string>();
  for (const route of compile(config)) {
    if (!route.matches(key)) continue;
    if (isSuccessNotice(key.eventType) && !route.takesSuccesses(key.eventType)) continue;
    routes.push(route.name);
    route.targets.forEach((target) => targets.add(target));
    if (route.final) break;
  }
  return { routes, targets: [...targets] };
}

/**
 * The topics events of `sources` can reach through the routes: every route that could match
 * them, in order, until one that always matches them and is `final`. A function needs the ARNs
 * (and the publish grant) of these topics only.
 */
export function routableTopics(config: HeraldConfig, sources: readonly EventSource[]): string[] {
  const topics = new Set<string>();
  for (const route of config.routes) {
    const routeSources = route.match.source;
    if (routeSources !== undefined && !routeSources.some((source) => sources.includes(source))) continue;
    for (const target of route.targets) {
      const topic = config.targets[target]?.topic;
      if (topic !== undefined) topics.add(topic);
    }
    // A final route matching on nothing but these sources stops everything after it.
    const onlySources = Object.entries(route.match).every(([field, value]) => value === undefined || field === 'source');
    if (route.final && onlySources && sources.every((source) => routeSources === undefined || routeSources.includes(source))) break;
  }
  return [...topics];
}

/** `pipeline.succeeded`, `build.succeeded`: sent only to routes that ask for them. */
export function isSuccessNotice(eventType: string): boolean {
  return eventType.endsWith('.succeeded');
}

function successFilter(route: HeraldConfig['routes'][number]): (eventType: string) => boolean {
  if (route.successes) return () => true;
  const patterns = route.match.eventType;
  if (patterns === undefined) return () => false;
  const isMatch = anyGlobMatcher(patterns);
  // A catch-all such as `*` or `pipeline.*` is not asking for successes; naming them is.
  return (eventType) => isMatch(eventType) && patterns.some((pattern) => pattern.includes('succeeded'));
}

/** Whether any route could take alerts of `eventType` (a cheap check before enriching a success). */
export function anyRouteTakes(config: HeraldConfig, eventType: string): boolean {
  return compile(config).some((route) => !isSuccessNotice(eventType) || route.takesSuccesses(eventType));
}

/**
 * The `notifyAuthor` targets of the routes an event goes to (same order and `final` rule as
 * `routeEvent`): they get the alert too, filtered to the author by the `author` attribute.
 */
export function authorTargets(config: HeraldConfig, key: RoutingKey): string[] {
  const targets = new Set<string>();
  for (const route of compile(config)) {
    if (!route.matches(key)) continue;
    if (isSuccessNotice(key.eventType) && !route.takesSuccesses(key.eventType)) continue;
    if (route.notifyAuthor !== undefined) targets.add(route.notifyAuthor);
    if (route.final) break;
  }
  return [...targets];
}

/** The topics of `notifyAuthor` targets of routes events of `sources` can reach (see `routableTopics`). */
export function routableAuthorTopics(config: HeraldConfig, sources: readonly EventSource[]): string[] {
  const topics = new Set<string>();
  for (const route of config.routes) {
    const routeSources = route.match.source;
    if (routeSources !== undefined && !routeSources.some((source) => sources.includes(source))) continue;
    const topic = route.notifyAuthor === undefined ? undefined : config.targets[route.notifyAuthor]?.topic;
    if (topic !== undefined) topics.add(topic);
  }
  return [...topics];
}
