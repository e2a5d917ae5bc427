-- id: iam-new-user-with-admin-policy
-- title: New IAM user given administrator rights
-- severity: critical
-- tactic: persistence
-- mitre: T1136.003, T1098.003
-- description: An IAM user created in the case (successful CreateUser) who is then given full rights:
--   the AWS AdministratorAccess policy attached, or an inline policy allowing "*" on "*". Both the
--   CreateUser and the grant are returned. A fresh admin user is a classic backdoor.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.iam-create-admin-user/
--   https://attack.mitre.org/techniques/T1136/003/
-- false-positives: Break-glass administrators created on purpose; account bootstrapping.
WITH created AS (
  SELECT (request_parameters->>'$.userName') AS new_user, min(event_time) AS created_at
  FROM events
  WHERE event_source = 'iam.amazonaws.com' AND event_name = 'CreateUser' AND error_code IS NULL
  GROUP BY new_user
),
grants AS (
  SELECT e.event_key, c.new_user
  FROM events AS e JOIN created AS c ON (e.request_parameters->>'$.userName') = c.new_user
  WHERE e.event_source = 'iam.amazonaws.com' AND e.error_code IS NULL AND e.event_time >= c.created_at
    AND ((e.event_name = 'AttachUserPolicy' AND (e.request_parameters->>'$.policyArn') LIKE 'arn:%:iam::aws:policy/AdministratorAccess')
      OR (e.event_name = 'PutUserPolicy'
          AND regexp_matches(e.request_parameters->>'$.policyDocument', '"Action"\s*:\s*(\[\s*)?"\*"')
          AND regexp_matches(e.request_parameters->>'$.policyDocument', '"Resource"\s*:\s*(\[\s*)?"\*"')))
),
flagged AS (
  SELECT event_key, new_user FROM grants
  UNION
  SELECT e.event_key, c.new_user
  FROM events AS e JOIN created AS c ON (e.request_parameters->>'$.userName') = c.new_user
  WHERE e.event_source = 'iam.amazonaws.com' AND e.event_name = 'CreateUser' AND e.error_code IS NULL
    AND c.new_user IN (SELECT new_user FROM grants)
)
SELECT e.event_key, e.event_id, e.event_time, e.event_name, e.identity_type, e.principal_arn, e.source_ip,
       f.new_user, (e.request_parameters->>'$.policyArn') AS policy
FROM events AS e JOIN flagged AS f USING (event_key)
ORDER BY e.event_time, e.event_key
