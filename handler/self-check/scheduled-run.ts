/**
 * One run of the daily self-check, started by the schedule rule's event in the buffer queue: every
 * watched Region is checked at once, within half the time left (a Region that does not answer by
 * then is a problem too, and the other half is for the messages); each Region where the monitor is
 * blind gets one critical message at once; when nothing is blind and the heartbeat is due, the heartbeat goes out. Each
 * message is sent once, however often the scheduled event is delivered (the `once` records), and
 * through the publish seconds like every other message.
 */
import type { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type { SelfCheckPlan } from "../../src/contract/self-check-plan";
import type { AccountAliasLookup } from "../messages/account-alias";
import type { Logger } from "../logger";
import { buildBlindMessage } from "./blind-message";
import { checkWatchedRegion, couldNotCheck, type RegionClients } from "./check-region";
import { checkOrganizationCoverage } from "./organization-coverage";
import type { Finding } from "./finding";
import { buildHeartbeat, heartbeatDay, heartbeatDue } from "./heartbeat";
import { watchedRegions } from "./plan";

/** Publishes within the deadline (a publish second of its own first) and answers the SNS message id. */
export type Publish = (request: PublishCommandInput, deadlineMs: number) => Promise<string>;

interface SelfCheckDeps {
  readonly plan: SelfCheckPlan;
  readonly topicArn: string;
  readonly clientsIn: (region: string) => RegionClients;
  /** With scope = organization: where the spokes' stack set lives (the home Region), and Organizations. */
  readonly organizationClients?: { readonly cloudformation: CloudFormationClient; readonly organizations: OrganizationsClient };
  /** Root events received in the last 7 days (root-event-count.ts). */
  readonly rootEventsLastWeek: (nowMs: number) => Promise<number>;
  readonly lookupAccountAlias: AccountAliasLookup;
  readonly logger: Logger;
  /** Runs the work once for its key, across every delivery of the scheduled event (see DeliveryDeps.once). */
  readonly once: <R extends Record<string, unknown>>(key: string, work: () => Promise<R>) => Promise<R>;
  /** The function's log group, named in what to do about the unprocessed queue. */
  readonly logGroupName?: string;
  readonly now?: () => number;
}

export interface SelfCheck {
  /** The schedule rule whose events start a run. */
  readonly scheduleRuleArn: string;
  /** One run for the scheduled event `runId`. */
  run(runId: string, deadlineMs: number, publish: Publish): Promise<Readonly<Record<string, unknown>> & { readonly status: string }>;
}

export function createSelfCheck(deps: SelfCheckDeps): SelfCheck {
  const now = deps.now ?? Date.now;
  const { plan } = deps;
  const watched = watchedRegions(plan, deps.logGroupName);
  /** With scope = organization: every member account's spokes, in every Region (the home Region's problem when they cannot be read). */
  async function checkSpokes(budgetMs: number): Promise<Finding[]> {
    const organization = plan.organization;
    const clients = deps.organizationClients;
    if (!organization || !clients) return [];
    const home = plan.delivery.region;
    return withinBudget(home, budgetMs, async () => {
      try {
        return await checkOrganizationCoverage({ organization, regions: plan.regions, managementAccount: plan.account, ...clients });
      } catch (error) {
        return [couldNotCheck(home, "spokes", error)];
      }
    });
  }

  return {
    scheduleRuleArn: plan.schedule,
    async run(runId, deadlineMs, publish) {
      const checkedAt = now();
      const budgetMs = Math.max(0, Math.floor((deadlineMs - checkedAt) / 2));
      const [ownRegions, spokes] = await Promise.all([
        Promise.all(watched.map((region) => withinBudget(region.region, budgetMs, () => checkWatchedRegion(region, deps.clientsIn, plan.readOnly)))),
        checkSpokes(budgetMs),
      ]);
      // A member account's blind spot in a Region is told with that Region's other problems.
      const byRegion = ownRegions.map((findings) => [...findings, ...spokes.filter((finding) => finding.region === findings[0]?.region)]);
      const findings = byRegion.flat();
      const blind = byRegion.map((regionFindings) => regionFindings.filter((finding) => finding.level === "fail")).filter((problems) => problems.length > 0);
      const warnings = findings.filter((finding) => finding.level === "warn");
      const regions = watched.map((region) => region.region);
      const accountAlias = blind.length > 0 || heartbeatDue(plan.heartbeat, checkedAt) ? await deps.lookupAccountAlias() : undefined;

      const told: Record<string, string> = {};
      for (const problems of blind) {
        const region = problems[0].region;
        const { messageId } = await deps.once(`self-check#${runId}#${region}`, async () => {
          const request = buildBlindMessage({ topicArn: deps.topicArn, region, problems, accountId: plan.account, accountAlias, checkedAt, checkedFrom: plan.delivery.region });
          return { messageId: await publish(request, deadlineMs) };
        });
        told[region] = String(messageId);
        deps.logger.error("self-check: blind", { region, problems: problems.map(brief), messageId, runId });
      }
      if (blind.length > 0) return { status: "blind", blindRegions: Object.keys(told), messageIds: told };

      deps.logger.info("self-check: all watched", { regions, warnings: warnings.map(brief), runId });
      if (!heartbeatDue(plan.heartbeat, checkedAt)) return { status: "healthy", regions };
      const { messageId } = await deps.once(`heartbeat#${heartbeatDay(checkedAt)}`, async () => {
        const rootEvents = await deps.rootEventsLastWeek(checkedAt);
        const request = buildHeartbeat({ topicArn: deps.topicArn, heartbeat: plan.heartbeat, regions, rootEvents, warnings, accountId: plan.account, accountAlias, checkedAt });
        const sent = await publish(request, deadlineMs);
        deps.logger.info("heartbeat sent", { regions, rootEvents, messageId: sent, runId });
        return { messageId: sent };
      });
      return { status: "healthy", regions, heartbeatMessageId: messageId };
    },
  };
}

/** The Region's findings, or a problem saying that it did not answer within `budgetMs`. */
async function withinBudget(region: string, budgetMs: number, check: () => Promise<Finding[]>): Promise<Finding[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Finding[]>((resolve) => {
    const seconds = Math.round(budgetMs / 1000);
    timer = setTimeout(
      () =>
        resolve([
          {
            region,
            check: "self-check",
            level: "fail",
            message: `no answer from ${region} within ${seconds} s: the monitor cannot tell whether it sees there. Run npm run doctor.`,
            summary: `no answer within ${seconds} s`,
          },
        ]),
      budgetMs,
    );
  });
  try {
    return await Promise.race([check(), late]);
  } finally {
    clearTimeout(timer);
  }
}

const brief = (finding: Finding) => ({ region: finding.region, check: finding.check, level: finding.level, message: finding.message });
