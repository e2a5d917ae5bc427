-- id: cis-organizations-changes
-- title: AWS Organizations changes
-- severity: medium
-- tactic: defense-evasion
-- mitre: T1666
-- description: Successful changes to the AWS Organization: accounts, organizational units, policies
--   (SCPs) and handshakes (CIS 4.15 / 3.15). Detaching an SCP or moving an account can lift guardrails for
--   a whole account.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-15
-- false-positives: Account vending and landing-zone automation (Control Tower, Account Factory).
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       coalesce(request_parameters->>'$.policyId', (request_parameters->>'$.accountId'),
                (request_parameters->>'$.organizationalUnitId'), (request_parameters->>'$.name')) AS target
FROM events
WHERE event_source = 'organizations.amazonaws.com'
  AND event_name IN ('AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy',
                     'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy',
                     'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization',
                     'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy',
                     'UpdateOrganizationalUnit')
  AND error_code IS NULL
ORDER BY event_time, event_key
