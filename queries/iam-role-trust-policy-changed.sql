-- id: iam-role-trust-policy-changed
-- title: Role trust policy changed or trusting outsiders
-- severity: medium
-- tactic: persistence
-- mitre: T1098.003
-- description: Every UpdateAssumeRolePolicy call (who may assume the role changed), and CreateRole calls
--   whose trust policy lets everyone ("*") or another AWS account assume the new role; successful or
--   permission-denied. trusts_everyone and other_accounts show what the new policy allows.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-backdoor-role/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-backdoor-role/
-- false-positives: Cross-account roles set up on purpose (auditors, vendors, CI in a tooling account);
--   infrastructure-as-code rewriting trust policies.
WITH trust AS (
  SELECT *, coalesce(request_parameters->>'$.policyDocument', (request_parameters->>'$.assumeRolePolicyDocument')) AS document
  FROM events
  WHERE event_source = 'iam.amazonaws.com' AND event_name IN ('UpdateAssumeRolePolicy', 'CreateRole')
    AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
),
judged AS (
  SELECT *,
         regexp_matches(coalesce(document, ''), '"(AWS|Principal)"\s*:\s*(\[\s*)?"\*"') AS trusts_everyone,
         list_distinct(list_filter(regexp_extract_all(coalesce(document, ''), '(?:arn:aws[a-z-]*:iam::|"AWS"\s*:\s*\[?\s*")(\d{12})', 1),
                                   lambda account: account IS DISTINCT FROM coalesce(recipient_account_id, account_id))) AS other_accounts
  FROM trust
)
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.roleName') AS role, trusts_everyone, other_accounts
FROM judged
WHERE event_name = 'UpdateAssumeRolePolicy' OR trusts_everyone OR len(other_accounts) > 0
ORDER BY event_time, event_key
