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

Atomicity: moto answers each request on its own thread and holds nothing between a check and the
change it allows:
- DynamoDB checks a write's condition, then stores the item, so two simultaneous conditional puts
  of one new item can both succeed. DynamoDB never lets that happen, and the monitor's session table
  and Powertools' idempotency records rely on it (one opener per session, one claim per digest
  trigger, one run per event).
Here each such write runs under one lock.

SQS (faithful_sqs.py): a receive atomic as in AWS, a queue's RedriveAllowPolicy returned, and a
receive that does not recount the queue for every message. IAM (faithful_iam.py): the root user's
posture as AWS answers it (root MFA on; ListOrganizationsFeatures). Nothing else about the emulator
changes. Arguments are moto_server's.
"""
import sys
import threading

from moto.cloudformation.models import StackSet
from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudtrail.models import CloudTrailBackend
from moto.core.responses import ActionResult
from moto.dynamodb.models import DynamoDBBackend
from moto.events.models import Rule
from moto.server import main

import faithful_iam  # noqa: F401  (its corrections apply on import)
import faithful_sqs  # noqa: F401

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

_delete_stack_instances = CloudFormationResponse.delete_stack_instances


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

if __name__ == "__main__":
    sys.argv[0] = "moto_server"
    sys.exit(main())
