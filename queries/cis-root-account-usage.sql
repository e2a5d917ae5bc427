-- id: cis-root-account-usage
-- title: Root user activity
-- severity: high
-- tactic: privilege-escalation
-- mitre: T1078.004
-- description: Any call made with the root user's credentials that AWS did not make on its behalf
--   (userIdentity.type "Root", no invokedBy, eventType not AwsServiceEvent): CIS 4.3 / 3.3. Root should
--   be used for a handful of account tasks only, so every row deserves a reason.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1
--   https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html
-- false-positives: Documented root-only tasks (changing the support plan, closing the account, restoring
--   IAM administrator access).
SELECT event_key, event_id, event_time, event_source, event_name, principal_arn, source_ip, error_code,
       user_agent
FROM events
WHERE identity_type = 'Root'
  AND invoked_by IS NULL
  AND coalesce(event_type, '') <> 'AwsServiceEvent'
ORDER BY event_time, event_key
