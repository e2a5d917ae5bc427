-- id: organizations-leave
-- title: Account tried to leave the organization
-- severity: critical
-- tactic: defense-evasion
-- mitre: T1666
-- description: LeaveOrganization calls, successful or permission-denied. An account that leaves the
--   organization sheds its service control policies, organization trail and delegated security tooling.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.organizations-leave/
--   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_leave-as-member.html
-- false-positives: Planned divestment or account migration between organizations.
SELECT event_key, event_id, event_time, identity_type, principal_arn, account_id, source_ip, error_code
FROM events
WHERE event_source = 'organizations.amazonaws.com' AND event_name = 'LeaveOrganization'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
