-- id: cis-iam-policy-changes
-- title: IAM policy changes
-- severity: medium
-- tactic: persistence
-- mitre: T1098
-- description: Successful creation, deletion, versioning, attachment or detachment of IAM policies
--   (CIS 4.4 / 3.4): inline policies on users, groups and roles, managed policies and their versions.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-4
-- false-positives: Infrastructure-as-code pipelines (Terraform, CloudFormation) change policies on
--   every deploy; group by principal to separate them.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       coalesce(request_parameters->>'$.policyArn', (request_parameters->>'$.policyName')) AS policy,
       coalesce(request_parameters->>'$.userName', (request_parameters->>'$.roleName'),
                (request_parameters->>'$.groupName')) AS attached_to
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND event_name IN ('DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy',
                     'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion',
                     'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
                     'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy')
  AND error_code IS NULL
ORDER BY event_time, event_key
