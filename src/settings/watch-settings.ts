/** The settings of what is watched and who is told: Regions, scope, delivery mode, heartbeat, addresses. */
import { z } from "zod";
import { DELIVERY_MODES } from "../contract/delivery-mode";
import { CENTRALIZED_ROOT_ACCESS_CHOICES, MONITOR_SCOPES, ORGANIZATION_ID, ORGANIZATIONAL_UNIT_OR_ROOT_ID } from "../contract/monitor-scope";
import { ALWAYS_MONITORED_REGION, DEFAULT_REGIONS } from "../contract/regions";
import { HEARTBEAT_CHOICES } from "../contract/self-check-plan";
import { DEFAULTS } from "./defaults";
import { commaList } from "./environment-text";
import { setting } from "./setting-spec";
import { emailAddress, listOf, regionCode, regionInList } from "./value-schemas";

export const WATCH_SETTINGS = {
  regions: setting({
    env: "ROOT_MONITOR_REGIONS",
    type: "list of region codes, or `all`",
    defaultText: "`all`: the 17 Regions enabled by default in every account",
    description: "Regions to monitor. `us-east-1` is always added (root console sign-ins and global services are recorded there); duplicates are dropped.",
    allowed: "`all`, or region codes such as us-east-1, eu-west-1",
    fromEnv: (text) => (text.trim().toLowerCase() === "all" ? "all" : commaList(text)),
    schema: z.preprocess(
      (value) => ((value ?? DEFAULTS.regions) === "all" ? [...DEFAULT_REGIONS] : value),
      listOf(regionInList).transform((regions) => [...new Set([ALWAYS_MONITORED_REGION, ...(regions as string[])])]),
    ),
  }),
  retiredRegions: setting({
    env: "ROOT_MONITOR_RETIRED_REGIONS",
    type: "list of region codes",
    defaultText: "none",
    description:
      "Regions just removed from `regions`: their provider stays configured, without a monitor, so that Terraform can destroy what was deployed there. Clear it after that apply.",
    allowed: "region codes not in `regions`",
    fromEnv: commaList,
    schema: z.preprocess((value) => value ?? [], listOf(regionCode).transform((regions) => [...new Set(regions as string[])])),
  }),
  scope: setting({
    env: "ROOT_MONITOR_SCOPE",
    type: "string",
    defaultText: "`account`",
    description:
      "`account`: the account the monitor is deployed to. `organization`: every account of the AWS Organization, deployed from its management account: a CloudFormation stack set puts a spoke in every member account and Region, forwarding to one central delivery here. Implies `delivery = central`. See Every account in the organization.",
    allowed: MONITOR_SCOPES.join(", "),
    schema: z.enum(MONITOR_SCOPES, { error: "not a scope" }).default(DEFAULTS.scope),
  }),
  organizationId: setting({
    env: "ROOT_MONITOR_ORGANIZATION_ID",
    type: "string",
    defaultText: "read at plan time",
    description: "With `scope = organization`: the organization whose accounts may forward to the hub's event bus. Left out, Terraform reads it from Organizations when it plans (synth needs no credentials either way).",
    allowed: "an organization id such as o-a1b2c3d4e5",
    schema: z
      .string({ error: "expected text" })
      .regex(ORGANIZATION_ID, { error: (issue) => `${JSON.stringify(issue.input)} is not an organization id` })
      .optional(),
  }),
  organizationalUnitIds: setting({
    env: "ROOT_MONITOR_ORGANIZATIONAL_UNIT_IDS",
    type: "list of organizational unit ids",
    defaultText: "the organization's root (every account)",
    description: "With `scope = organization`: where the stack set puts spokes, in every monitored Region; accounts that join these units later get them, accounts that leave lose them.",
    allowed: "organizational unit ids such as ou-ab12-cd34ef56, or the root's id such as r-ab12",
    fromEnv: commaList,
    schema: z.preprocess(
      (value) => value ?? [],
      listOf(
        z.string({ error: "expected text" }).regex(ORGANIZATIONAL_UNIT_OR_ROOT_ID, { error: (issue) => `${JSON.stringify(issue.input)} is not an organizational unit or root id` }),
      ).transform((ids) => [...new Set(ids as string[])]),
    ),
  }),
  centralizedRootAccess: setting({
    env: "ROOT_MONITOR_CENTRALIZED_ROOT_ACCESS",
    type: "string",
    defaultText: "`report`",
    description:
      "Sessions of centralized root access (`sts:AssumeRoot` from the management account): `report` tells them like any root session, with an alert when one starts; `digest-only` tells them in digests only, for teams that use it daily. Their critical moves page at once either way.",
    allowed: CENTRALIZED_ROOT_ACCESS_CHOICES.join(", "),
    schema: z.enum(CENTRALIZED_ROOT_ACCESS_CHOICES, { error: "not a choice" }).default(DEFAULTS.centralizedRootAccess),
  }),
  delivery: setting({
    env: "ROOT_MONITOR_DELIVERY",
    type: "string",
    defaultText: "`regional`",
    description:
      "`regional`: every Region has its own rule, delivery and topic. `central`: every Region's rule forwards root events to an event bus in `homeRegion`, where one delivery and one topic tell them (one confirmation per address; a session across Regions is one story). See Delivery modes.",
    allowed: DELIVERY_MODES.join(", "),
    schema: z.enum(DELIVERY_MODES, { error: "not a delivery mode" }).default(DEFAULTS.delivery),
  }),
  homeRegion: setting({
    env: "ROOT_MONITOR_HOME_REGION",
    type: "region code",
    defaultText: "`us-east-1`",
    description: "With `delivery = central`: the Region of the central event bus and the one delivery. Always monitored.",
    allowed: "a region code such as us-east-1",
    schema: regionCode.default(DEFAULTS.homeRegion),
  }),
  heartbeat: setting({
    env: "ROOT_MONITOR_HEARTBEAT",
    type: "string",
    defaultText: "`weekly`",
    description:
      "A short message that the monitor is watching, so that silence can be trusted: `all N Regions watched, M root events this week`. Sent by the daily self-check when it finds nothing wrong: `weekly` (on Mondays, UTC), `daily`, or `off`. With `delivery = regional` each Region sends its own. See The monitor checks itself.",
    allowed: HEARTBEAT_CHOICES.join(", "),
    schema: z.enum(HEARTBEAT_CHOICES, { error: "not a heartbeat choice" }).default(DEFAULTS.heartbeat),
  }),
  notificationEmails: setting({
    env: "ROOT_MONITOR_EMAILS",
    type: "list of email addresses",
    defaultText: "none (synth warns that nobody will be told)",
    description: "Addresses subscribed to every Region's topic. Each must confirm the subscription email from AWS.",
    allowed: "email addresses such as security@example.com",
    fromEnv: commaList,
    schema: z.preprocess((value) => value ?? [], listOf(emailAddress).transform((emails) => [...new Set(emails as string[])])),
  }),};
