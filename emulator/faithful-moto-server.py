"""moto_server, corrected where moto 5 differs from AWS in what the tests rely on.

CloudFormation StackSets:
- deleting the stack instances of organizational units (how Terraform removes a service-managed
  stack set's instances) deletes none, so the stack set can never be deleted. Here the units'
  accounts are found as creating the instances found them.
- a stack set's automatic deployment, capabilities and managed execution are dropped, so describing
  it tells Terraform they are off, and every plan replaces the stack set (automatic deployment
  forces a new one). AWS keeps them as given; here they are kept too.

EventBridge: a rule with a schedule and no event pattern matches every event put on its bus, and
a disabled rule still delivers. In AWS a schedule rule only sends its scheduled events, and a
disabled rule sends nothing. (The monitor's self-check schedule targets the buffer, so every root
event would reach it twice, and a test that disables a rule would see it still forward.)

CloudTrail: StartLogging, StopLogging and DeleteTrail look the trail up by name only. AWS takes
"the name or the CloudTrail ARN of the trail" in each (CloudTrail API Reference:
https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html, and the
API_StopLogging and API_DeleteTrail pages beside it), and the Terraform provider (v5) passes the
ARN, its trail's id: moto answered StartLogging with a 500 (a KeyError) that the provider retried
for over 15 minutes, and DeleteTrail did nothing, leaving the trail behind. Here an ARN finds its
trail as a name does, and a trail that is not there is TrailNotFoundException, as in AWS.

SQS: a queue's RedriveAllowPolicy (which queues may name it as their dead-letter queue) is taken
but never returned, so every plan would set it again. AWS returns it; here it is returned too.

IAM, the root user's posture (handler/posture/):
- GetAccountSummary always says AccountMFAEnabled 0: moto cannot give the root user an MFA device
  (its own comment in moto/iam/models.py). AWS has required root users to enable MFA since May 2024
  (IAM User Guide, "AWS Multi-factor authentication in IAM": at their next sign-in, postponable 35
  days), and the monitor raises every message's severity when it is off: here the emulated account's
  root user has MFA, as the accounts the tests stand for do, so that an alert's severity is its event's.
- ListOrganizationsFeatures (and EnableOrganizationsRootCredentialsManagement, EnableOrganizationsRootSessions)
  are not in moto. Here they answer as the IAM API Reference says: in an organization's management
  account its id and the enabled features (none until enabled), in a member account
  AccountNotManagementOrDelegatedAdministratorException, outside an organization OrganizationNotFoundException.

Atomicity: moto answers each request on its own thread and holds nothing between a check and the
change it allows:
- DynamoDB checks a write's condition, then stores the item, so two simultaneous conditional puts
  of one new item can both succeed. DynamoDB never lets that happen, and the monitor's session table
  and Powertools' idempotency records rely on it (one opener per session, one claim per digest
  trigger, one run per event).
- SQS finds a visible message, then marks it received, so two simultaneous receives can both take
  it. SQS hides a received message from every other receiver for its visibility timeout.
Here each of those runs under a lock. Long polls wait outside it, so one waiting receive does not
hold up the others.

Speed, nothing else: moto's SQS checks each message's retention on receive by asking for the whole
queue's attributes, which counts every message of the queue again, and reads the clock through
datetime arithmetic for every message it looks at. With a thousand messages on a buffer that made a
receive cost a thousand times a thousand clock reads, and moto's own CPU was most of a burst test's
time. Here the retention check reads the queue's retention period, and the clock is time.time()
(the same seconds since the epoch, UTC, without building datetimes). Nothing else about the
emulator changes. Arguments are moto_server's.
"""
import sys
import threading
import time

from moto.cloudformation.models import StackSet
from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudtrail.models import CloudTrailBackend
from moto.core.responses import ActionResult
from moto.dynamodb.models import DynamoDBBackend
from moto.events.models import Rule
from moto.iam.exceptions import IAMException
from moto.iam.models import AccountSummary
from moto.iam.responses import IamResponse
from moto.organizations.models import organizations_backends
from moto.server import main
from moto.sqs import models as sqs_models
from moto.sqs.models import Queue, SQSBackend

_DYNAMODB_ITEM_OPERATIONS = (
    "put_item",
    "update_item",
    "delete_item",
    "get_item",
    "query",
    "scan",
    "transact_write_items",
)
_dynamodb_lock = threading.RLock()
_sqs_lock = threading.RLock()


def _holding(lock, operation):
    def atomic(*args, **kwargs):
        with lock:
            return operation(*args, **kwargs)

    return atomic


for name in _DYNAMODB_ITEM_OPERATIONS:
    setattr(DynamoDBBackend, name, _holding(_dynamodb_lock, getattr(DynamoDBBackend, name)))

_send_to_targets = Rule.send_to_targets


def _send_if_routed(self, original_event, transform_input=True):
    """Only an enabled rule with an event pattern routes events."""
    if self.state == "DISABLED" or (self.scheduled_expression and not self.event_pattern.get_pattern()):
        return None
    return _send_to_targets(self, original_event, transform_input)


Rule.send_to_targets = _send_if_routed

_receive_now = _holding(_sqs_lock, SQSBackend.receive_message)


def _receive_message(self, queue_name, count, wait_seconds_timeout, visibility_timeout, message_attribute_names=None):
    """Takes what is visible at once, under the lock; a long poll waits for more outside it."""
    polling_end = time.monotonic() + wait_seconds_timeout
    while True:
        result = _receive_now(self, queue_name, count, 0, visibility_timeout, message_attribute_names)
        remaining = polling_end - time.monotonic()
        if result or remaining <= 0:
            return result
        self.get_queue(queue_name).wait_for_messages(min(1, remaining))
        # Visible messages that could not be taken (a FIFO group in flight) end the wait at once.
        time.sleep(0.01)


SQSBackend.receive_message = _receive_message
SQSBackend.delete_message = _holding(_sqs_lock, SQSBackend.delete_message)
SQSBackend.change_message_visibility = _holding(_sqs_lock, SQSBackend.change_message_visibility)

_delete_stack_instances = CloudFormationResponse.delete_stack_instances


_unix_time = sqs_models.unix_time
_unix_time_millis = sqs_models.unix_time_millis


def _fast_unix_time(dt=None):
    """Seconds since the epoch: now from time.time(), as moto's unix_time() makes it from utcnow()."""
    return time.time() if dt is None else _unix_time(dt)


def _fast_unix_time_millis(dt=None):
    return time.time() * 1000 if dt is None else _unix_time_millis(dt)


sqs_models.unix_time = _fast_unix_time
sqs_models.unix_time_millis = _fast_unix_time_millis


def _retained(self, queue_name, message):
    """Whether the message is within its queue's retention period (moto's check, without counting the queue)."""
    retention_period = int(self.get_queue(queue_name).message_retention_period)
    return retention_period + message.sent_timestamp / 1000 > time.time()


SQSBackend.is_message_valid_based_on_retention_period = _retained

Queue.redrive_allow_policy = None
_queue_attributes = Queue.attributes.fget


def _attributes_with_redrive_allow_policy(self):
    attributes = _queue_attributes(self)
    if self.redrive_allow_policy:
        attributes["RedriveAllowPolicy"] = self.redrive_allow_policy
    return attributes


Queue.attributes = property(_attributes_with_redrive_allow_policy)


def _delete_stack_instances_of_units(self):
    """Deletes the instances of the accounts in the given units (and their child units), as creating them targeted."""
    units = (self._get_params().get("DeploymentTargets") or {}).get("OrganizationalUnitIds", [])
    if not units or self._get_param("Accounts", []):
        return _delete_stack_instances(self)
    stackset = self.cloudformation_backend.describe_stack_set(self._get_param("StackSetName"))
    organization = stackset.instances.org_backend
    targeted = set(units) | {unit.id for unit in organization.ou if unit.parent_id in units}
    accounts = [account.id for account in organization.accounts if account.parent_id in targeted]
    stackset.delete_stack_instances(accounts, self._get_param("Regions", []))
    return ActionResult({"OperationId": stackset.operations[-1]["OperationId"]})


CloudFormationResponse.delete_stack_instances = _delete_stack_instances_of_units


def _stack_set_settings(params):
    """The settings of a CreateStackSet or UpdateStackSet request that moto drops, as DescribeStackSet returns them."""
    settings = {}
    if "AutoDeployment" in params:
        given = params["AutoDeployment"]
        settings["AutoDeployment"] = {name: str(given.get(name, False)).lower() == "true" for name in ("Enabled", "RetainStacksOnAccountRemoval")}
    if "ManagedExecution" in params:
        settings["ManagedExecution"] = {"Active": str(params["ManagedExecution"].get("Active", False)).lower() == "true"}
    if "Capabilities" in params:
        settings["Capabilities"] = list(params["Capabilities"])
    return settings


def _keeping_stack_set_settings(operation):
    def keeping(self):
        result = operation(self)
        stackset = self.cloudformation_backend.describe_stack_set(self._get_param("StackSetName"))
        stackset.__dict__.setdefault("kept_settings", {}).update(_stack_set_settings(self._get_params()))
        return result

    return keeping


def _kept(setting, default):
    return property(lambda stackset: stackset.__dict__.get("kept_settings", {}).get(setting, default))


StackSet.auto_deployment = _kept("AutoDeployment", None)
StackSet.managed_execution = _kept("ManagedExecution", {"Active": False})
StackSet.capabilities = _kept("Capabilities", None)
CloudFormationResponse.create_stack_set = _keeping_stack_set_settings(CloudFormationResponse.create_stack_set)
CloudFormationResponse.update_stack_set = _keeping_stack_set_settings(CloudFormationResponse.update_stack_set)


def _by_name_or_arn(operation):
    """Runs a CloudTrail operation on the trail's name when it is given its ARN (moto's own lookup takes both)."""

    def resolving(self, name):
        return operation(self, self.get_trail(name).trail_name)

    return resolving


for operation_name in ("start_logging", "stop_logging", "delete_trail"):
    setattr(CloudTrailBackend, operation_name, _by_name_or_arn(getattr(CloudTrailBackend, operation_name)))

_summary_map = AccountSummary.summary_map.fget
AccountSummary.summary_map = property(lambda summary: {**_summary_map(summary), "AccountMFAEnabled": 1})

_ROOT_ACCESS_FEATURES = "root_access_features"


class _OrganizationNotFound(IAMException):
    code = "OrganizationNotFoundException"


class _AccountNotManagement(IAMException):
    code = "AccountNotManagementOrDelegatedAdministratorException"


def _management_organization(response):
    """The organization whose management account calls, or the error AWS answers."""
    organizations = organizations_backends[response.current_account][response.partition]
    if organizations.org is not None:
        return organizations.org
    if response.current_account in organizations_backends.master_accounts:
        raise _AccountNotManagement("The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.")
    raise _OrganizationNotFound("The request was rejected because no organization is associated with your account.")


def _features_answer(organization):
    return ActionResult({"OrganizationId": organization.id, "EnabledFeatures": sorted(organization.__dict__.get(_ROOT_ACCESS_FEATURES, set()))})


def _list_organizations_features(self):
    return _features_answer(_management_organization(self))


def _enabling(feature):
    def enable(self):
        organization = _management_organization(self)
        organization.__dict__.setdefault(_ROOT_ACCESS_FEATURES, set()).add(feature)
        return _features_answer(organization)

    return enable


IamResponse.list_organizations_features = _list_organizations_features
IamResponse.enable_organizations_root_credentials_management = _enabling("RootCredentialsManagement")
IamResponse.enable_organizations_root_sessions = _enabling("RootSessions")

if __name__ == "__main__":
    sys.argv[0] = "moto_server"
    sys.exit(main())
