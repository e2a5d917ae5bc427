-- id: iam-admin-policy-attached
-- title: Administrator rights granted
-- severity: high
-- tactic: privilege-escalation
-- mitre: T1098.003
-- description: The AWS AdministratorAccess policy attached to a user, role or group, or an inline policy
--   put on one that allows "*" on "*"; successful or permission-denied (a denied attempt to make oneself
--   admin is privilege-escalation probing).
-- references: https://attack.mitre.org/techniques/T1098/003/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-backdoor-role/
-- false-positives: Administrators onboarding another administrator; break-glass roles.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       coalesce(request_parameters->>'$.userName', (request_parameters->>'$.roleName'),
                (request_parameters->>'$.groupName')) AS granted_to,
       coalesce(request_parameters->>'$.policyArn', (request_parameters->>'$.policyName')) AS policy
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND ((event_name IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
        AND (request_parameters->>'$.policyArn') LIKE 'arn:%:iam::aws:policy/AdministratorAccess')
    OR (event_name IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
        AND regexp_matches(request_parameters->>'$.policyDocument', '"Action"\s*:\s*(\[\s*)?"\*"')
        AND regexp_matches(request_parameters->>'$.policyDocument', '"Resource"\s*:\s*(\[\s*)?"\*"')))
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
