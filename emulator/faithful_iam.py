"""moto, corrected for the root user's posture (handler/posture/); imported by faithful-moto-server.py.

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
"""
from moto.core.responses import ActionResult
from moto.iam.exceptions import IAMException
from moto.iam.models import AccountSummary
from moto.iam.responses import IamResponse
from moto.organizations.models import organizations_backends

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
